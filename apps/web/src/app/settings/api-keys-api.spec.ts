import type { HttpTestingController } from '@angular/common/http/testing';
import { firstValueFrom, type Observable } from 'rxjs';
import { anApiKey } from '../../testing/api-key-testing';
import { withApi } from '../../testing/http-testing';
import { ApiKeysApi } from './api-keys-api';

describe('ApiKeysApi', () => {
  let api: ApiKeysApi;
  let http: HttpTestingController;

  beforeEach(() => ({ api, http } = withApi(ApiKeysApi)));
  afterEach(() => http.verify());

  it('lists the keys as the array inside the answer', async () => {
    const keys = firstValueFrom(api.list());
    http.expectOne({ method: 'GET', url: '/api/v1/api-keys' }).flush({ items: [anApiKey('backup')] });
    expect(await keys).toEqual([anApiKey('backup')]);
  });

  it.each<[string, (api: ApiKeysApi) => Observable<unknown>, string, string, unknown]>([
    ['create', (api) => api.create({ name: 'backup', scopes: ['images:read'] }), 'POST', '/api/v1/api-keys',
      { name: 'backup', scopes: ['images:read'] }],
    ['rotate', (api) => api.rotate('key-1', { grace_seconds: 3600 }), 'POST', '/api/v1/api-keys/key-1/rotate', { grace_seconds: 3600 }],
    ['revoke', (api) => api.revoke('key-1'), 'DELETE', '/api/v1/api-keys/key-1', null],
  ])('%s sends %s %s', async (_name, call, method, url, body) => {
    const answer = firstValueFrom(call(api));
    const request = http.expectOne({ method, url });
    expect(request.request.body).toEqual(body);
    request.flush(null);
    await answer;
  });
});
