import { SCOPES } from '@lightbox/auth-contracts';
import { ApiKeysRepository } from '../../src/api-keys/api-keys.repository';
import { hashCredential } from '../../src/access/credential-hash';
import { API_KEY_PREFIX_LENGTH, generateApiKey } from '../../src/api-keys/api-key-format';
import { bearer, createUser, login, LoggedIn } from '../support/auth';
import { startTestApp, TEST_OWNER, TestApp } from '../support/test-app';

/**
 * The seams between kinds of principal (README "Security model"): what a key, an admin, a foreign
 * page or an ended session may never do, whatever its scopes.
 */
describe('trust boundaries', () => {
  let t: TestApp;
  let owner: LoggedIn;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await login(t);
  });
  afterAll(() => t.close());

  const as = (session: LoggedIn) => ({ authorization: bearer(session) });
  const createKey = (body: Record<string, unknown>, session: LoggedIn = owner) =>
    t.http.post('/api/v1/api-keys').set(as(session)).send(body);
  /** A key as one created before keys were refused `users:manage`: straight into the database. */
  const legacyKeyWithEveryScope = async (userId: string) => {
    const key = generateApiKey();
    await t.app.get(ApiKeysRepository).insert({
      userId,
      name: 'from before',
      scopes: [...SCOPES],
      prefix: key.slice(0, API_KEY_PREFIX_LENGTH),
      keyHash: hashCredential(key),
      expiresAt: null,
    });
    return key;
  };
  const sessionIdOf = (session: LoggedIn): string =>
    JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString()).sid;

  describe('an API key never touches credentials, people, roles, sessions or keys', () => {
    it('cannot be given users:manage', async () => {
      const res = await createKey({ name: 'admin robot', scopes: ['images:read', 'users:manage'] }).expect(400);
      expect(res.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'scopes.1' }] });
      const update = await createKey({ name: 'robot', scopes: ['images:read'] }).expect(201);
      await t.http.patch(`/api/v1/api-keys/${update.body.id}`).set(as(owner)).send({ scopes: ['users:manage'] }).expect(400);
    });

    it("gets nothing from a users:manage it was given before: no password, no person, no role", async () => {
      const key = await legacyKeyWithEveryScope(owner.userId);
      const me = await t.http.get('/api/v1/auth/me').set('x-api-key', key).expect(200);
      expect(me.body.scopes).not.toContain('users:manage');

      const takeover = await t.http.patch(`/api/v1/users/${owner.userId}`).set('x-api-key', key).send({ password: 'the key now owns the owner' });
      expect(takeover.status).toBe(403);
      const admin = await t.http.post('/api/v1/users').set('x-api-key', key).send({ username: 'robot-admin', password: 'a password for the robot', role: 'admin' });
      expect(admin.status).toBe(403);
      await t.http.get('/api/v1/users').set('x-api-key', key).expect(403);
      await t.http.post('/api/v1/auth/login').send({ username: 'owner', password: 'the key now owns the owner' }).expect(401);
      await t.http.post('/api/v1/auth/login').send({ username: 'robot-admin', password: 'a password for the robot' }).expect(401);
    });

    it("is refused the routes of people (password, sessions, keys) even holding every scope", async () => {
      const key = await legacyKeyWithEveryScope(owner.userId);
      const other = (await createKey({ name: 'another', scopes: ['images:read'] }).expect(201)).body.id;
      for (const [method, path] of [
        ['post', '/api/v1/auth/password'],
        ['get', '/api/v1/auth/sessions'],
        ['delete', '/api/v1/auth/sessions'],
        ['delete', `/api/v1/auth/sessions/${sessionIdOf(owner)}`],
        ['post', '/api/v1/api-keys'],
        ['patch', `/api/v1/api-keys/${other}`],
        ['delete', `/api/v1/api-keys/${other}`],
        ['post', `/api/v1/api-keys/${other}/rotate`],
      ] as const) {
        const res = await t.http[method](path).set('x-api-key', key).send({});
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
      }
    });
  });

  describe('a person changes their own password only with the current one', () => {
    it('refuses PATCH /users/<own id> with a password, for the owner and for an admin', async () => {
      const admin = await createUser(t, 'admin', owner);
      const adminSession = await login(t, admin.username, admin.password);
      for (const [session, id, username] of [
        [owner, owner.userId, TEST_OWNER.username],
        [adminSession, admin.id, admin.username],
      ] as const) {
        const res = await t.http.patch(`/api/v1/users/${id}`).set(as(session)).send({ password: 'changed without the old one' }).expect(400);
        expect(res.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'password' }] });
        await t.http.post('/api/v1/auth/login').send({ username, password: 'changed without the old one' }).expect(401);
      }
    });

    it("still lets an admin reset another user's password, which ends that user's sessions", async () => {
      const admin = await createUser(t, 'admin', owner);
      const adminSession = await login(t, admin.username, admin.password);
      const editor = await createUser(t, 'editor', owner);
      const editorSession = await login(t, editor.username, editor.password);
      await t.http.patch(`/api/v1/users/${editor.id}`).set(as(adminSession)).send({ password: 'reset by the admin today' }).expect(200);
      await t.http.get('/api/v1/auth/me').set(as(editorSession)).expect(401);
      await t.http.post('/api/v1/auth/refresh').set('cookie', editorSession.refreshCookie).expect(401);
      await t.http.post('/api/v1/auth/login').send({ username: editor.username, password: 'reset by the admin today' }).expect(200);
    });
  });

  describe("nobody but the owner acts on the owner's keys", () => {
    it("refuses an admin rotating, changing or revoking them, and lets the admin revoke another admin's", async () => {
      const admin = await createUser(t, 'admin', owner);
      const adminSession = await login(t, admin.username, admin.password);
      const ownerKey = (await createKey({ name: "owner's", scopes: ['images:read'] }).expect(201)).body;

      for (const attempt of [
        t.http.post(`/api/v1/api-keys/${ownerKey.id}/rotate`).set(as(adminSession)).send({}),
        t.http.patch(`/api/v1/api-keys/${ownerKey.id}`).set(as(adminSession)).send({ name: 'mine now', expires_at: null }),
        t.http.delete(`/api/v1/api-keys/${ownerKey.id}`).set(as(adminSession)),
      ]) {
        const res = await attempt;
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('not_owner');
      }
      await t.http.get('/api/v1/auth/me').set('x-api-key', ownerKey.key).expect(200);

      const other = await createUser(t, 'admin', owner);
      const otherKey = (await createKey({ name: "another admin's", scopes: ['images:read'] }, await login(t, other.username, other.password)).expect(201)).body;
      await t.http.delete(`/api/v1/api-keys/${otherKey.id}`).set(as(adminSession)).expect(204);
      await t.http.get('/api/v1/auth/me').set('x-api-key', otherKey.key).expect(401);
    });

    it("never hands anyone a new secret for someone else's key: rotation is the key holder's", async () => {
      const admin = await createUser(t, 'admin', owner);
      const adminSession = await login(t, admin.username, admin.password);
      const other = await createUser(t, 'admin', owner);
      const otherKey = (await createKey({ name: "another admin's", scopes: ['images:read'] }, await login(t, other.username, other.password)).expect(201)).body;
      const res = await t.http.post(`/api/v1/api-keys/${otherKey.id}/rotate`).set(as(adminSession)).send({}).expect(403);
      expect(res.body.code).toBe('not_owner');
    });
  });

  describe('cross-site requests', () => {
    it('takes the JSON login only as application/json', async () => {
      const form = await t.http
        .post('/api/v1/auth/login')
        .set('content-type', 'application/x-www-form-urlencoded')
        .send(`username=${TEST_OWNER.username}&password=${encodeURIComponent(TEST_OWNER.password)}`);
      expect(form.status).toBe(415);
      expect(form.body.code).toBe('unsupported_media_type');
      expect(form.headers['set-cookie']).toBeUndefined();
    });

    it('sets no cookie from the OAuth token endpoint', async () => {
      const res = await t.http
        .post('/api/v1/auth/token')
        .type('form')
        .send({ grant_type: 'password', username: TEST_OWNER.username, password: TEST_OWNER.password })
        .expect(200);
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('refuses login, refresh and logout from a foreign Origin or a cross-site fetch', async () => {
      const session = await login(t);
      const attempts = (headers: Record<string, string>) => [
        t.http.post('/api/v1/auth/login').set(headers).send({ username: TEST_OWNER.username, password: TEST_OWNER.password }),
        t.http.post('/api/v1/auth/refresh').set(headers).set('cookie', session.refreshCookie),
        t.http.post('/api/v1/auth/logout').set(headers).set('cookie', session.refreshCookie),
      ];
      for (const headers of <Record<string, string>[]>[{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }]) {
        for (const attempt of attempts(headers)) {
          const res = await attempt;
          expect({ headers, status: res.status, code: res.body.code }).toEqual({ headers, status: 403, code: 'cross_site_request' });
          expect(res.headers['set-cookie']).toBeUndefined();
        }
      }
      // The session survived all of it; the app's own origin is welcome.
      const own = await t.http
        .post('/api/v1/auth/refresh')
        .set({ host: 'gallery.example', origin: 'http://gallery.example', 'sec-fetch-site': 'same-origin' })
        .set('cookie', session.refreshCookie)
        .expect(200);
      expect(own.body.access_token).toEqual(expect.any(String));
    });

    it('knows its own origin behind a TLS proxy it was not told of: the host decides, not the scheme', async () => {
      const session = await login(t);
      await t.http
        .post('/api/v1/auth/refresh')
        .set({ host: 'gallery.example', origin: 'https://gallery.example' })
        .set('cookie', session.refreshCookie)
        .expect(200);
      const sameSite = await t.http
        .post('/api/v1/auth/logout')
        .set({ host: 'gallery.example', origin: 'https://gallery.example:8443' })
        .set('cookie', session.refreshCookie);
      expect(sameSite.status).toBe(403);
    });
  });

  describe('an ended session ends its access tokens', () => {
    const me = (session: LoggedIn) => t.http.get('/api/v1/auth/me').set(as(session));

    it('after logout', async () => {
      const session = await login(t);
      await me(session).expect(200);
      await t.http.post('/api/v1/auth/logout').set('cookie', session.refreshCookie).expect(204);
      expect((await me(session).expect(401)).body.code).toBe('invalid_token');
    });

    it('after the session is revoked by id, leaving the other sessions alone', async () => {
      const doomed = await login(t);
      const other = await login(t);
      await me(doomed).expect(200);
      await t.http.delete(`/api/v1/auth/sessions/${sessionIdOf(doomed)}`).set(as(other)).expect(204);
      await me(doomed).expect(401);
      await me(other).expect(200);
    });

    it('after a reused refresh token ends the family', async () => {
      const session = await login(t);
      await t.http.post('/api/v1/auth/refresh').set('cookie', session.refreshCookie).expect(200);
      await me(session).expect(200);
      await t.http.post('/api/v1/auth/refresh').set('cookie', session.refreshCookie).expect(401);
      await me(session).expect(401);
    });
  });

  describe('bodies and paths that used to reach a 500', () => {
    it.each([{ grace_seconds: 'abc' }, { grace_seconds: { $gt: 0 } }, { grace_seconds: 1_000_000_000 }, { grace_seconds: 1, extra: true }])(
      'refuses rotate %j with 400 and keeps the key as it was',
      async (body) => {
        const key = (await createKey({ name: 'to rotate', scopes: ['images:read'] }).expect(201)).body;
        const res = await t.http.post(`/api/v1/api-keys/${key.id}/rotate`).set(as(owner)).send(body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('validation_failed');
        expect((await t.http.get(`/api/v1/api-keys/${key.id}`).set(as(owner)).expect(200)).body.revoked_at).toBeNull();
      },
    );

    it.each([{ refresh_token: 123 }, ['a'], { refresh_token: { $ne: null } }, { refresh_token: 'x', extra: 1 }])(
      'refuses refresh and logout with %j with 400',
      async (body) => {
        for (const path of ['/api/v1/auth/refresh', '/api/v1/auth/logout']) {
          const res = await t.http.post(path).send(body as object);
          expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 400, code: 'validation_failed' });
        }
      },
    );

    it('answers a path id over the router’s length limit with a problem, not a 500', async () => {
      const long = 'a'.repeat(120);
      for (const method of ['patch', 'delete', 'get'] as const) {
        const res = await t.http[method](`/api/v1/api-keys/${long}`).set(as(owner)).send({ name: 'x' });
        expect({ method, status: res.status, code: res.body.code }).toEqual({ method, status: 414, code: 'validation_failed' });
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    });
  });

  describe('look-alike usernames', () => {
    it('share one throttle with the name they fold to, or find nobody: none logs in past the block', async () => {
      const user = await createUser(t, 'viewer', owner);
      for (let i = 0; i < 5; i++) {
        await t.http.post('/api/v1/auth/login').send({ username: user.username, password: 'wrong password' }).expect(401);
      }
      const dotted = user.username.replace('i', 'İ');
      const fullwidth = [...user.username].map((c) => (/[a-z]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
      // What folds to the name shares its block; what does not finds nobody.
      for (const [username, status] of [
        [user.username, 429],
        [user.username.toUpperCase(), 429],
        [fullwidth, 429],
        [dotted, 401],
        [user.username.replace('i', 'i\u0307'), 401],
      ] as const) {
        const res = await t.http.post('/api/v1/auth/login').send({ username, password: user.password });
        expect({ username, status: res.status }).toEqual({ username, status });
      }
    });
  });

  describe('responses that carry a secret', () => {
    it('are never stored by a cache: login, refresh, key creation and rotation', async () => {
      const loginRes = await t.http.post('/api/v1/auth/login').send({ username: TEST_OWNER.username, password: TEST_OWNER.password }).expect(200);
      const cookie = ([] as string[]).concat(loginRes.headers['set-cookie'] ?? [])[0].split(';')[0];
      const refreshRes = await t.http.post('/api/v1/auth/refresh').set('cookie', cookie).expect(200);
      const created = await createKey({ name: 'secret', scopes: ['images:read'] }).expect(201);
      const rotated = await t.http.post(`/api/v1/api-keys/${created.body.id}/rotate`).set(as(owner)).send({}).expect(201);
      for (const res of [loginRes, refreshRes, created, rotated]) expect(res.headers['cache-control']).toBe('no-store');
    });
  });

  describe('the bearer header', () => {
    it.each([
      ['a trailing word', (token: string) => `Bearer ${token} junk`],
      ['two spaces', (token: string) => `Bearer  ${token}`],
      ['a tab', (token: string) => `Bearer\t${token}`],
    ])('is refused with %s', async (_name, header) => {
      const res = await t.http.get('/api/v1/auth/me').set('authorization', header(owner.accessToken)).expect(401);
      expect(res.body.code).toBe('invalid_token');
    });

    it('is accepted exactly as RFC 6750 writes it, the scheme in any case', async () => {
      await t.http.get('/api/v1/auth/me').set('authorization', `bearer ${owner.accessToken}`).expect(200);
    });
  });
});
