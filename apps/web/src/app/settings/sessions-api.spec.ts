import type { HttpTestingController } from '@angular/common/http/testing';
import type { Session } from '@lightbox/auth-contracts';
import { firstValueFrom, type Observable } from 'rxjs';
import { withApi } from '../../testing/http-testing';
import { SessionsApi } from './sessions-api';

describe('SessionsApi', () => {
  let api: SessionsApi;
  let http: HttpTestingController;

  beforeEach(() => ({ api, http } = withApi(SessionsApi)));
  afterEach(() => http.verify());

  it('lists the sessions as the array inside the answer', async () => {
    const session: Session = {
      id: 'session-1',
      user_agent: 'Firefox',
      ip: '192.0.2.1',
      created_at: '2026-11-01T10:00:00.000Z',
      last_used_at: '2026-11-02T10:00:00.000Z',
      expires_at: '2026-12-01T10:00:00.000Z',
      current: true,
    };
    const sessions = firstValueFrom(api.list());
    http.expectOne({ method: 'GET', url: '/api/v1/auth/sessions' }).flush({ items: [session] });
    expect(await sessions).toEqual([session]);
  });

  it.each<[string, (api: SessionsApi) => Observable<void>, string]>([
    ['revoke', (api) => api.revoke('session-1'), '/api/v1/auth/sessions/session-1'],
    ['revokeAll', (api) => api.revokeAll(), '/api/v1/auth/sessions'],
  ])('%s sends DELETE %s', async (_name, call, url) => {
    const answer = firstValueFrom(call(api));
    http.expectOne({ method: 'DELETE', url }).flush(null, { status: 204, statusText: 'No Content' });
    await answer;
  });
});
