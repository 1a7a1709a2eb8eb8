import type { HttpTestingController } from '@angular/common/http/testing';
import { firstValueFrom, type Observable } from 'rxjs';
import { aUser } from '../../testing/auth-testing';
import { withApi } from '../../testing/http-testing';
import { UsersApi } from './users-api';

describe('UsersApi', () => {
  let api: UsersApi;
  let http: HttpTestingController;

  beforeEach(() => ({ api, http } = withApi(UsersApi)));
  afterEach(() => http.verify());

  it('lists the users as the array inside the answer', async () => {
    const users = firstValueFrom(api.list());
    http.expectOne({ method: 'GET', url: '/api/v1/users' }).flush({ items: [aUser()] });
    expect(await users).toEqual([aUser()]);
  });

  it.each<[string, (api: UsersApi) => Observable<unknown>, string, string, unknown]>([
    ['create', (api) => api.create({ username: 'eve', password: 'a long enough password', role: 'editor' }), 'POST', '/api/v1/users',
      { username: 'eve', password: 'a long enough password', role: 'editor' }],
    ['update', (api) => api.update('user-1', { active: false }), 'PATCH', '/api/v1/users/user-1', { active: false }],
  ])('%s sends %s %s with the request as its body', async (_name, call, method, url, body) => {
    const answer = firstValueFrom(call(api));
    const request = http.expectOne({ method, url });
    expect(request.request.body).toEqual(body);
    request.flush(aUser());
    expect(await answer).toEqual(aUser());
  });
});
