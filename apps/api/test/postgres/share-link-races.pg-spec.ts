import { bearer, login } from '../support/auth';
import { startTestAppOnPostgres, TestApp } from '../support/test-app';

/** A view limit is a count that visitors race for: on a real server it still holds exactly. */
describe('share links on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestAppOnPostgres()));
  afterAll(() => t.close());

  it('gives out exactly max_views openings to visitors racing for them, and a revoke during the race ends the rest', async () => {
    const owner = await login(t);
    const album = (await t.http.post('/api/v1/albums').set('authorization', bearer(owner)).send({ title: 'Raced' }).expect(201)).body.id;
    const share = (body: object) => t.http.post(`/api/v1/albums/${album}/share-links`).set('authorization', bearer(owner)).send(body).expect(201);
    const open = (token: string) => t.http.post('/api/v1/share-links/access').send({ token });

    const limited = (await share({ max_views: 5 })).body;
    const answers = await Promise.all(Array.from({ length: 20 }, () => open(limited.token)));
    expect(answers.map((res) => res.status).filter((status) => status === 200)).toHaveLength(5);
    expect(answers.filter((res) => res.status === 410).map((res) => res.body.reason)).toEqual(Array(15).fill('view_limit_reached'));
    expect((await t.http.get(`/api/v1/share-links/${limited.id}`).set('authorization', bearer(owner)).expect(200)).body.views).toBe(5);

    const revoked = (await share({})).body;
    const during = await Promise.all([
      ...Array.from({ length: 10 }, () => open(revoked.token)),
      t.http.delete(`/api/v1/share-links/${revoked.id}`).set('authorization', bearer(owner)),
    ]);
    const link = (await t.http.get(`/api/v1/share-links/${revoked.id}`).set('authorization', bearer(owner)).expect(200)).body;
    // Every opening that was let in was counted before the revoke; none after it.
    expect(during.slice(0, 10).filter((res) => res.status === 200)).toHaveLength(link.views);
    expect(during.slice(0, 10).every((res) => res.status === 200 || (res.status === 410 && res.body.reason === 'revoked'))).toBe(true);
    expect((await open(revoked.token)).status).toBe(410);
  });
});
