import { ErrorCode, PROBLEM_CONTENT_TYPE, STEP_UP_MAX_AGE_SECONDS } from '@lightbox/auth-contracts';
import { eq } from 'drizzle-orm';
import { invitations, users } from '../../src/database/schema';
import { loggedPath } from '../../src/http/request-logging';
import { bearer, createUser, login, LoggedIn, refreshCookieOf } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

const PASSWORD = 'a password of my own choosing';

/** Joining over HTTP: who may invite, the codes and cookies of a join, and sign-up off and open. */
describe('invitations', () => {
  let t: TestApp;
  let owner: LoggedIn;
  beforeAll(async () => (t = await startTestApp({ stoppedClock: true })));
  // Tests move the clock: a fresh login keeps the owner within the step-up window.
  beforeEach(async () => (owner = await login(t)));
  afterAll(() => t.close());

  const invite = (body: object = { role: 'editor' }, as = owner) => t.http.post('/api/v1/invitations').set('authorization', bearer(as)).send(body);
  const accept = (body: object) => t.http.post('/api/v1/invitations/accept').send(body);

  it('joins with the invitation’s role, logged in as by a login: access token, refresh cookie, a session that refreshes', async () => {
    const created = await invite({ role: 'editor', note: 'for Ada' }).expect(201);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.body.url).toBe(`${new URL(created.request.url).origin}/join/${created.body.token}`);
    expect(JSON.stringify(await t.database.db.select().from(invitations))).not.toContain(created.body.token.slice(12));

    const check = await t.http.post('/api/v1/invitations/check').send({ token: created.body.token }).expect(200);
    expect(check.body).toEqual({ role: 'editor', invited_by: 'owner', expires_at: created.body.expires_at });

    const joined = await accept({ token: created.body.token, username: 'ada', password: PASSWORD }).expect(200);
    expect(joined.headers['cache-control']).toBe('no-store');
    expect(joined.body).toMatchObject({ token_type: 'Bearer', user: { username: 'ada', role: 'editor', scopes: ['images:read', 'images:write'] } });
    const cookie = refreshCookieOf(joined);
    expect(cookie).toMatch(/^lbx_refresh=/);
    expect(([] as string[]).concat(joined.headers['set-cookie']).join()).toMatch(/HttpOnly.*SameSite=Strict|SameSite=Strict.*HttpOnly/);
    expect((await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${joined.body.access_token}`).expect(200)).body).toMatchObject({ username: 'ada', role: 'editor' });
    await t.http.post('/api/v1/auth/refresh').set('cookie', cookie).expect(200);
    await login(t, 'ada', PASSWORD);

    const listed = (await t.http.get('/api/v1/invitations').set('authorization', bearer(owner)).expect(200)).body.items;
    expect(listed[0]).toMatchObject({ id: created.body.id, status: 'used', used_by: { username: 'ada' }, created_by: { username: 'owner' } });
    expect(listed[0]).not.toHaveProperty('token');
  });

  it('answers a wrong, a used, an expired and a revoked token each with one code, as problem+json', async () => {
    const used = (await invite({ role: 'viewer' }).expect(201)).body;
    await accept({ token: used.token, username: 'used-once', password: PASSWORD }).expect(200);
    const revoked = (await invite({ role: 'viewer' }).expect(201)).body;
    await t.http.delete(`/api/v1/invitations/${revoked.id}`).set('authorization', bearer(owner)).expect(204);
    expect((await t.http.delete(`/api/v1/invitations/${used.id}`).set('authorization', bearer(owner)).expect(409)).body.code).toBe(ErrorCode.Conflict);
    const expired = (await invite({ role: 'viewer', expires_in: 3600 }).expect(201)).body;
    t.clock.advance(3600_000);

    for (const [token, status, code] of [
      ['lbi_nothing-like-a-real-one', 401, ErrorCode.InvalidInvitation],
      [used.token, 410, ErrorCode.InvitationUsed],
      [revoked.token, 410, ErrorCode.InvitationRevoked],
      [expired.token, 410, ErrorCode.InvitationExpired],
    ] as const) {
      for (const res of [await accept({ token, username: 'someone-new', password: PASSWORD }), await t.http.post('/api/v1/invitations/check').send({ token })]) {
        expect([res.status, res.body.code]).toEqual([status, code]);
        expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
        expect(refreshCookieOf(res)).toBe('');
      }
    }
    expect(await t.database.db.select().from(users).where(eq(users.username, 'someone-new'))).toEqual([]);
  });

  it('is for people who manage users, with a recent login: never an API key, a viewer, an editor or a share link', async () => {
    const key = (await t.http.post('/api/v1/api-keys').set('authorization', bearer(owner)).send({ name: 'all', scopes: ['images:read', 'images:write', 'audit:read'] }).expect(201)).body.key;
    const pending = (await invite().expect(201)).body;
    for (const request of [
      t.http.post('/api/v1/invitations').set('x-api-key', key).send({ role: 'viewer' }),
      t.http.get('/api/v1/invitations').set('x-api-key', key),
      t.http.delete(`/api/v1/invitations/${pending.id}`).set('x-api-key', key),
    ]) {
      expect((await request.expect(403)).body.code).toBe(ErrorCode.InsufficientScope);
    }
    for (const role of ['editor', 'viewer'] as const) {
      const person = await createUser(t, role, owner);
      const session = await login(t, person.username, person.password);
      expect((await invite({ role: 'viewer' }, session).expect(403)).body.code).toBe(ErrorCode.InsufficientScope);
      await t.http.get('/api/v1/invitations').set('authorization', bearer(session)).expect(403);
    }
    await t.http.get('/api/v1/invitations').set('x-share-token', 'anything').expect(401);

    const admin = await createUser(t, 'admin', owner);
    const adminSession = await login(t, admin.username, admin.password);
    t.clock.advance((STEP_UP_MAX_AGE_SECONDS + 1) * 1000);
    expect((await invite({ role: 'viewer' }, adminSession).expect(401)).body.code).toBe(ErrorCode.StepUpRequired);
    // Listing and revoking are not worth a step-up: they reveal no token and only take rights away.
    await t.http.delete(`/api/v1/invitations/${pending.id}`).set('authorization', bearer(adminSession)).expect(204);
  });

  it.each([
    ['an owner’s role', { role: 'owner' }, 'role'],
    ['no role', {}, 'role'],
    ['an expiry of a minute', { role: 'viewer', expires_in: 60 }, 'expires_in'],
    ['an expiry as text', { role: 'viewer', expires_in: 'week' }, 'expires_in'],
    ['a long note', { role: 'viewer', note: 'x'.repeat(201) }, 'note'],
    ['an unknown field', { role: 'viewer', admin: true }, ''],
  ])('refuses to invite with %s: 400 naming the field', async (_, body, path) => {
    const res = await invite(body).expect(400);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(res.body.code).toBe(ErrorCode.ValidationFailed);
    expect(res.body.errors.map((error: { path: string }) => error.path)).toContain(path);
  });

  it.each([
    ['no token', { username: 'someone', password: PASSWORD }, 'token'],
    ['a short username', { token: 'lbi_x', username: 'ab', password: PASSWORD }, 'username'],
    ['a short password', { token: 'lbi_x', username: 'someone', password: 'short' }, 'password'],
    ['a password as a number', { token: 'lbi_x', username: 'someone', password: 123456789012 }, 'password'],
    ['a role of its own', { token: 'lbi_x', username: 'someone', password: PASSWORD, role: 'admin' }, ''],
  ])('refuses to accept %s: 400 naming the field', async (_, body, path) => {
    const res = await accept(body).expect(400);
    expect(res.body.code).toBe(ErrorCode.ValidationFailed);
    expect(res.body.errors.map((error: { path: string }) => error.path)).toContain(path);
  });

  it('refuses a join from another site, and answers 409 for a taken name keeping the invitation', async () => {
    const { token } = (await invite({ role: 'viewer' }).expect(201)).body;
    const foreign = await accept({ token, username: 'from-afar', password: PASSWORD }).set('origin', 'https://evil.example');
    expect([foreign.status, foreign.body.code]).toEqual([403, ErrorCode.CrossSiteRequest]);
    const taken = await accept({ token, username: 'OWNER', password: PASSWORD }).expect(409);
    expect(taken.body.errors).toEqual([{ path: 'username', message: 'That username is taken: choose another.' }]);
    await accept({ token, username: 'from-near', password: PASSWORD }).expect(200);
  });

  it('masks a join page’s token in the request log', () => {
    expect(loggedPath('/join/lbi_abcdefghijklmnopqrstuvwxyz0123456789AB')).toBe('/join/[Redacted]');
  });

  it('has no sign-up while SIGNUP is off (the default): 404, like any address with nothing there', async () => {
    for (const res of [await t.http.get('/api/v1/auth/signup'), await t.http.post('/api/v1/auth/signup').send({ username: 'visitor', password: PASSWORD })]) {
      expect([res.status, res.body.code]).toEqual([404, ErrorCode.NotFound]);
    }
    // Even a malformed body learns nothing more.
    expect((await t.http.post('/api/v1/auth/signup').send({ nonsense: true })).status).toBe(400);
  });
});

describe('open sign-up', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ env: { SIGNUP: 'open', SIGNUP_ROLE: 'editor' } })));
  afterAll(() => t.close());

  it('makes an account with the sign-up role and logs it in; a taken name is 409', async () => {
    expect((await t.http.get('/api/v1/auth/signup').expect(200)).body).toEqual({ role: 'editor' });
    const res = await t.http.post('/api/v1/auth/signup').send({ username: 'visitor', password: PASSWORD }).expect(200);
    expect(res.body.user).toMatchObject({ username: 'visitor', role: 'editor' });
    expect(refreshCookieOf(res)).toMatch(/^lbx_refresh=/);
    expect((await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${res.body.access_token}`).expect(200)).body.username).toBe('visitor');
    expect((await t.http.post('/api/v1/auth/signup').send({ username: 'Visitor', password: PASSWORD }).expect(409)).body.code).toBe(ErrorCode.Conflict);
    expect((await t.http.post('/api/v1/auth/signup').send({ username: 'other', password: 'other' }).expect(400)).body.errors[0].path).toBe('password');
  });
});
