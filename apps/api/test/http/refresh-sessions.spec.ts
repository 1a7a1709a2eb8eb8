import { login, refreshCookieOf } from '../support/auth';
import { startTestApp, TEST_OWNER, TestApp } from '../support/test-app';

const refreshWithCookie = (t: TestApp, cookie: string) => t.http.post('/api/v1/auth/refresh').set('cookie', cookie);

describe('refresh sessions', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('rotates the refresh cookie on every use and gives a working access token', async () => {
    const session = await login(t);
    const first = await refreshWithCookie(t, session.refreshCookie).expect(200);
    const rotated = refreshCookieOf(first);
    expect(rotated).not.toBe('');
    expect(rotated).not.toBe(session.refreshCookie);
    expect(first.body).toMatchObject({ token_type: 'Bearer', user: { username: 'owner' } });
    expect(first.body.refresh_token).toBeUndefined();
    await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${first.body.access_token}`).expect(200);
    await refreshWithCookie(t, rotated).expect(200);
  });

  it('treats a rotated token presented again as reuse and ends the whole family', async () => {
    const session = await login(t);
    const next = refreshCookieOf(await refreshWithCookie(t, session.refreshCookie).expect(200));

    const replay = await refreshWithCookie(t, session.refreshCookie).expect(401);
    expect(replay.body.code).toBe('refresh_token_reused');
    // The legitimate holder's newer token died with the family.
    expect((await refreshWithCookie(t, next).expect(401)).body.code).toBe('invalid_token');

    const audit = await t.http
      .get('/api/v1/audit-events?action=refresh.reuse_detected')
      .set('authorization', `Bearer ${(await login(t)).accessToken}`)
      .expect(200);
    expect(audit.body.items.length).toBeGreaterThanOrEqual(1);
    expect(audit.body.items[0]).toMatchObject({ action: 'refresh.reuse_detected', outcome: 'failure', actor: 'owner' });
  });

  it('lets at most one of two concurrent refreshes with the same token succeed', async () => {
    const session = await login(t);
    const results = await Promise.all([refreshWithCookie(t, session.refreshCookie), refreshWithCookie(t, session.refreshCookie)]);
    const statuses = results.map((res) => res.status).sort();
    expect(statuses).toEqual([200, 401]);
    const loser = results.find((res) => res.status === 401);
    expect(loser?.body.code).toBe('refresh_token_reused');
    // Whoever won holds a token of a revoked family: no live refresh token remains.
    const winner = results.find((res) => res.status === 200);
    await refreshWithCookie(t, refreshCookieOf(winner as never)).expect(401);
  });

  it('takes the refresh token in the body for programs and answers with the next one', async () => {
    const session = await login(t);
    const res = await t.http.post('/api/v1/auth/refresh').send({ refresh_token: session.refreshToken }).expect(200);
    expect(typeof res.body.refresh_token).toBe('string');
    expect(res.headers['set-cookie']).toBeUndefined();
    await t.http.post('/api/v1/auth/refresh').send({ refresh_token: res.body.refresh_token }).expect(200);
  });

  it('answers a refresh without any token with 401', async () => {
    const res = await t.http.post('/api/v1/auth/refresh').expect(401);
    expect(res.body.code).toBe('authentication_required');
  });

  it('ends the session on logout and clears the cookie', async () => {
    const session = await login(t);
    const res = await t.http.post('/api/v1/auth/logout').set('cookie', session.refreshCookie).expect(204);
    expect(String(res.headers['set-cookie'])).toMatch(/lbx_refresh=;/);
    await refreshWithCookie(t, session.refreshCookie).expect(401);
  });

  it('never extends the absolute expiry of a family by rotating', async () => {
    const session = await login(t);
    const before = await t.http.get('/api/v1/auth/sessions').set('authorization', `Bearer ${session.accessToken}`).expect(200);
    const mine = before.body.items.find((s: { current: boolean }) => s.current);
    const refreshed = await refreshWithCookie(t, session.refreshCookie).expect(200);
    const after = await t.http.get('/api/v1/auth/sessions').set('authorization', `Bearer ${refreshed.body.access_token}`).expect(200);
    expect(after.body.items.find((s: { id: string }) => s.id === mine.id).expires_at).toBe(mine.expires_at);
  });
});

describe('POST /api/v1/auth/token (RFC 6749)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const form = (body: Record<string, string>) =>
    t.http.post('/api/v1/auth/token').type('form').send(body);

  it('issues tokens for the password grant and rotates them with the refresh_token grant', async () => {
    const res = await form({ grant_type: 'password', ...TEST_OWNER }).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(res.body.scope.split(' ')).toContain('users:manage');
    const next = await form({ grant_type: 'refresh_token', refresh_token: res.body.refresh_token }).expect(200);
    expect(next.body.refresh_token).not.toBe(res.body.refresh_token);
  });

  it.each([
    [{ grant_type: 'password', username: 'owner', password: 'wrong password here' }, 400, 'invalid_grant'],
    [{ grant_type: 'refresh_token', refresh_token: 'made-up' }, 400, 'invalid_grant'],
    [{ grant_type: 'password', username: 'owner' }, 400, 'invalid_request'],
    [{ grant_type: 'client_credentials' }, 400, 'unsupported_grant_type'],
    [{}, 400, 'invalid_request'],
  ])('answers %j with %i %s', async (body, status, error) => {
    const res = await form(body as Record<string, string>).expect(status);
    expect(res.body).toEqual({ error, error_description: expect.any(String) });
  });
});
