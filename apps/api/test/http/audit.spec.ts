import { bearer, createUser, login, LoggedIn } from '../support/auth';
import { makeImage } from '../support/images';
import { startTestApp, TestApp } from '../support/test-app';

/** What the audit trail records of real requests, and who may read it (paging: test/service/audit-log). */
describe('the audit trail over HTTP', () => {
  let t: TestApp;
  let owner: LoggedIn;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await login(t);
  });
  afterAll(() => t.close());

  const events = async (query: string) =>
    (await t.http.get(`/api/v1/audit-events?limit=200&${query}`).set('authorization', bearer(owner)).expect(200)).body.items as {
      action: string;
      actor: string | null;
      target: string | null;
    }[];

  it('records who did what, and is readable with audit:read only', async () => {
    const user = await createUser(t, 'viewer', owner);
    await t.http.post('/api/v1/auth/login').send({ username: user.username, password: 'wrong password!!' }).expect(401);

    const page = await t.http.get('/api/v1/audit-events?limit=200').set('authorization', bearer(owner)).expect(200);
    const actions = page.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['login.succeeded', 'login.failed', 'user.created']));
    const created = page.body.items.find((e: { action: string; target: string }) => e.action === 'user.created' && e.target === user.username);
    expect(created).toMatchObject({ actor: 'owner', outcome: 'success', ip: expect.any(String) });
    expect(JSON.stringify(page.body)).not.toContain('wrong password!!');

    const viewer = await login(t, user.username, user.password);
    await t.http.get('/api/v1/audit-events').set('authorization', bearer(viewer)).expect(403);
  });

  it('names a key that acted as api_key:<prefix>, and the person who acted as their username', async () => {
    const key = await t.http.post('/api/v1/api-keys').set('authorization', bearer(owner)).send({ name: 'uploader', scopes: ['images:write'] }).expect(201);
    const byKey = await t.http.post('/api/v1/images').set('x-api-key', key.body.key).attach('file', await makeImage('png', 8, 8), 'k.png').expect(201);
    await t.http.delete(`/api/v1/images/${byKey.body.id}`).set('authorization', bearer(owner)).expect(204);

    const target = `image:${byKey.body.id}`;
    const [deleted] = (await events('action=image.deleted')).filter((e) => e.target === target);
    const [uploaded] = (await events('action=image.uploaded')).filter((e) => e.target === target);
    expect(uploaded.actor).toBe(`api_key:${key.body.prefix}`);
    expect(deleted.actor).toBe('owner');
    expect((await events(`actor=api_key:${key.body.prefix}`)).map((e) => e.target)).toEqual([target]);
  });

  it('leaves out the action asked to, and keeps every other', async () => {
    const refreshed = await t.http.post('/api/v1/auth/refresh').set('cookie', owner.refreshCookie).expect(200);
    expect(refreshed.body.access_token).toEqual(expect.any(String));
    const all = (await events('')).map((e) => e.action);
    const without = (await events('exclude_action=token.refreshed')).map((e) => e.action);
    expect(all).toContain('token.refreshed');
    expect(without).not.toContain('token.refreshed');
    expect(without).toEqual(all.filter((action) => action !== 'token.refreshed'));
    await t.http.get('/api/v1/audit-events?exclude_action=no.such').set('authorization', bearer(owner)).expect(400);
  });

  it('answers a cursor it did not give and a NUL in a filter with 400', async () => {
    await t.http.get('/api/v1/audit-events?cursor=garbage').set('authorization', bearer(owner)).expect(400);
    await t.http.get('/api/v1/audit-events?actor=%00').set('authorization', bearer(owner)).expect(400);
  });
});
