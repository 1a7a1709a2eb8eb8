import { bearer, createUser, login } from '../support/auth';
import { startTestApp, TEST_OWNER, TestApp } from '../support/test-app';

describe('POST /api/v1/auth/password', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it("stops the old access token at once and ends the user's other sessions", async () => {
    const user = await createUser(t, 'editor');
    const here = await login(t, user.username, user.password);
    const elsewhere = await login(t, user.username, user.password);
    const newPassword = 'a brand new editor password';

    await t.http
      .post('/api/v1/auth/password')
      .set('authorization', bearer(here))
      .send({ current_password: user.password, new_password: newPassword })
      .expect(204);

    await t.http.get('/api/v1/auth/me').set('authorization', bearer(here)).expect(401);
    await t.http.get('/api/v1/auth/me').set('authorization', bearer(elsewhere)).expect(401);
    await t.http.post('/api/v1/auth/refresh').set('cookie', elsewhere.refreshCookie).expect(401);
    // This device keeps its session: a refresh gives a token with the new token version.
    const refreshed = await t.http.post('/api/v1/auth/refresh').set('cookie', here.refreshCookie).expect(200);
    await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${refreshed.body.access_token}`).expect(200);
    await login(t, user.username, newPassword);
  });

  it.each([
    [{ current_password: 'not it at all', new_password: 'a fine new password 1' }, 'current_password'],
    [{ current_password: TEST_OWNER.password, new_password: 'short' }, 'new_password'],
    [{ current_password: TEST_OWNER.password, new_password: 'password1234' }, 'new_password'],
    [{ current_password: TEST_OWNER.password, new_password: 'x'.repeat(257) }, 'new_password'],
  ])('refuses %j with 400 on %s', async (body, field) => {
    const owner = await login(t);
    const res = await t.http.post('/api/v1/auth/password').set('authorization', bearer(owner)).send(body).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([field]);
  });

  it('counts a password of exactly 256 characters as allowed (nothing truncated)', async () => {
    const user = await createUser(t, 'viewer');
    const session = await login(t, user.username, user.password);
    const long = 'é'.repeat(256);
    await t.http.post('/api/v1/auth/password').set('authorization', bearer(session)).send({ current_password: user.password, new_password: long }).expect(204);
    await t.http.post('/api/v1/auth/login').send({ username: user.username, password: 'é'.repeat(255) }).expect(401);
    await login(t, user.username, long);
  });
});

describe('sessions', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('lists the live sessions, marks the current one, and revokes one by id', async () => {
    const user = await createUser(t, 'viewer');
    const a = await login(t, user.username, user.password);
    const b = await login(t, user.username, user.password);
    const list = await t.http.get('/api/v1/auth/sessions').set('authorization', bearer(a)).expect(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const other = list.body.items.find((s: { current: boolean }) => !s.current);

    await t.http.delete(`/api/v1/auth/sessions/${other.id}`).set('authorization', bearer(a)).expect(204);
    await t.http.post('/api/v1/auth/refresh').set('cookie', b.refreshCookie).expect(401);
    await t.http.delete(`/api/v1/auth/sessions/${other.id}`).set('authorization', bearer(a)).expect(404);
  });

  it("cannot revoke someone else's session", async () => {
    const owner = await login(t);
    const user = await createUser(t, 'viewer', owner);
    const theirs = await login(t, user.username, user.password);
    const list = await t.http.get('/api/v1/auth/sessions').set('authorization', bearer(theirs)).expect(200);
    await t.http.delete(`/api/v1/auth/sessions/${list.body.items[0].id}`).set('authorization', bearer(owner)).expect(404);
    await t.http.post('/api/v1/auth/refresh').set('cookie', theirs.refreshCookie).expect(200);
  });

  it('logs out everywhere: every session and every access token', async () => {
    const user = await createUser(t, 'editor');
    const a = await login(t, user.username, user.password);
    const b = await login(t, user.username, user.password);
    await t.http.delete('/api/v1/auth/sessions').set('authorization', bearer(a)).expect(204);
    await t.http.get('/api/v1/auth/me').set('authorization', bearer(a)).expect(401);
    await t.http.post('/api/v1/auth/refresh').set('cookie', b.refreshCookie).expect(401);
  });
});

describe('users admin', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('deactivating a user stops their access token on the next request and ends their sessions', async () => {
    const owner = await login(t);
    const user = await createUser(t, 'editor', owner);
    const session = await login(t, user.username, user.password);
    await t.http.get('/api/v1/auth/me').set('authorization', bearer(session)).expect(200);

    const res = await t.http.patch(`/api/v1/users/${user.id}`).set('authorization', bearer(owner)).send({ active: false }).expect(200);
    expect(res.body).toMatchObject({ username: user.username, active: false });

    expect((await t.http.get('/api/v1/auth/me').set('authorization', bearer(session)).expect(401)).body.code).toBe('invalid_token');
    await t.http.post('/api/v1/auth/refresh').set('cookie', session.refreshCookie).expect(401);
  });

  it("answers a change the owner is protected from with 409 conflict, changing nothing (the rules: test/service/users)", async () => {
    const owner = await login(t);
    const admin = await createUser(t, 'admin', owner);
    const session = await login(t, admin.username, admin.password);
    const res = await t.http.patch(`/api/v1/users/${owner.userId}`).set('authorization', bearer(session)).send({ password: 'the admin now owns it' }).expect(409);
    expect(res.body).toMatchObject({ code: 'conflict', status: 409 });
    await t.http.delete(`/api/v1/users/${owner.userId}`).set('authorization', bearer(owner)).expect(409);
    await t.http.post('/api/v1/auth/login').send({ username: 'owner', password: 'the admin now owns it' }).expect(401);
    await t.http.get('/api/v1/auth/me').set('authorization', bearer(owner)).expect(200);
  });

  it('keeps the user logged in when a change does not touch who they are', async () => {
    const owner = await login(t);
    const user = await createUser(t, 'viewer', owner);
    const session = await login(t, user.username, user.password);
    await t.http.patch(`/api/v1/users/${user.id}`).set('authorization', bearer(owner)).send({ active: true }).expect(200);
    await t.http.patch(`/api/v1/users/${user.id}`).set('authorization', bearer(owner)).send({ role: 'viewer' }).expect(200);
    await t.http.get('/api/v1/auth/me').set('authorization', bearer(session)).expect(200);
    await t.http.patch(`/api/v1/users/${user.id}`).set('authorization', bearer(owner)).send({ role: 'editor' }).expect(200);
    await t.http.get('/api/v1/auth/me').set('authorization', bearer(session)).expect(401);
  });

  it('refuses to make another owner', async () => {
    const owner = await login(t);
    const res = await t.http
      .post('/api/v1/users')
      .set('authorization', bearer(owner))
      .send({ username: 'second-owner', password: 'another long password', role: 'owner' })
      .expect(400);
    expect(res.body.errors[0].path).toBe('role');
  });

  it('refuses a taken username whatever its case', async () => {
    const owner = await login(t);
    const res = await t.http
      .post('/api/v1/users')
      .set('authorization', bearer(owner))
      .send({ username: 'OWNER', password: 'another long password', role: 'viewer' })
      .expect(409);
    expect(res.body.errors[0].path).toBe('username');
  });

  it('needs users:manage: an editor gets 403 insufficient_scope with the RFC 6750 challenge', async () => {
    const editor = await createUser(t, 'editor');
    const session = await login(t, editor.username, editor.password);
    const res = await t.http.get('/api/v1/users').set('authorization', bearer(session)).expect(403);
    expect(res.body.code).toBe('insufficient_scope');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="lightbox", error="insufficient_scope", scope="users:manage"');
  });

  it('lists, reads and deletes users, never showing a hash', async () => {
    const owner = await login(t);
    const user = await createUser(t, 'viewer', owner);
    const list = await t.http.get('/api/v1/users').set('authorization', bearer(owner)).expect(200);
    expect(list.body.items.map((u: { username: string }) => u.username)).toContain(user.username);
    expect(JSON.stringify(list.body)).not.toContain('argon2');
    const one = await t.http.get(`/api/v1/users/${user.id}`).set('authorization', bearer(owner)).expect(200);
    expect(one.body).toMatchObject({ role: 'viewer', scopes: ['images:read'] });
    await t.http.delete(`/api/v1/users/${user.id}`).set('authorization', bearer(owner)).expect(204);
    await t.http.get(`/api/v1/users/${user.id}`).set('authorization', bearer(owner)).expect(404);
    await t.http.get('/api/v1/users/not-a-uuid').set('authorization', bearer(owner)).expect(400);
  });
});
