import { login, createUser, bearer } from '../support/auth';
import { startTestApp, TEST_OWNER, TestApp } from '../support/test-app';

describe('POST /api/v1/auth/login', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ env: { TRUST_PROXY: 'true' } })));
  afterAll(() => t.close());

  it("gives the owner a bearer token that /auth/me accepts, and a refresh cookie", async () => {
    const res = await t.http.post('/api/v1/auth/login').send(TEST_OWNER).expect(200);
    expect(res.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      user: { username: 'owner', role: 'owner', active: true },
    });
    const cookie = ([] as string[]).concat(res.headers['set-cookie']).find((c) => c.startsWith('lbx_refresh='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth/);
    expect(cookie).not.toMatch(/Secure/i); // plain http here; Secure over https

    const me = await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${res.body.access_token}`).expect(200);
    expect(me.body).toEqual({
      kind: 'user',
      id: res.body.user.id,
      username: 'owner',
      role: 'owner',
      scopes: ['images:read', 'images:write', 'api-keys:manage', 'users:manage', 'audit:read'],
    });
  });

  it('accepts the username in any case', async () => {
    await t.http.post('/api/v1/auth/login').send({ ...TEST_OWNER, username: 'OWNER' }).expect(200);
  });

  it('answers a wrong password, an unknown user and an inactive user with the same 401', async () => {
    const viewer = await createUser(t, 'viewer');
    const owner = await login(t);
    await t.http.patch(`/api/v1/users/${viewer.id}`).set('authorization', bearer(owner)).send({ active: false }).expect(200);

    const attempts = [
      { username: 'owner', password: 'not the password at all' },
      { username: 'nobody-by-that-name', password: 'not the password at all' },
      { username: viewer.username, password: viewer.password },
    ];
    const answers = [];
    for (const [i, body] of attempts.entries()) {
      const res = await t.http.post('/api/v1/auth/login').set('x-forwarded-for', `10.1.0.${i}`).send(body).expect(401);
      answers.push({ body: res.body, challenge: res.headers['www-authenticate'], type: res.headers['content-type'] });
    }
    expect(answers[0].body).toEqual({
      type: 'about:blank',
      title: 'Unauthorized',
      status: 401,
      detail: 'The username or password is not correct.',
      code: 'invalid_credentials',
    });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it.each([
    [{ username: 'owner' }, 'password'],
    [{ password: 'x' }, 'username'],
    [{ username: '', password: 'x' }, 'username'],
    [{ username: 'owner', password: 'x', admin: true }, ''],
  ])('refuses %j with 400 validation_failed', async (body, path) => {
    const res = await t.http.post('/api/v1/auth/login').send(body).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('refuses a NUL character in the username with 400, not a database error', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ username: 'own\u0000er', password: 'whatever it is' }).expect(400);
    expect(res.body.code).toBe('validation_failed');
  });

  it('never takes credentials from the query string', async () => {
    const res = await t.http.post(`/api/v1/auth/login?username=owner&password=${encodeURIComponent(TEST_OWNER.password)}`).send({});
    expect(res.status).toBe(400);
  });

  it('re-hashes a password stored with weaker parameters on the next successful login', async () => {
    const { hash } = await import('@node-rs/argon2');
    const { users } = await import('../../src/database/schema');
    const { eq } = await import('drizzle-orm');
    const user = await createUser(t, 'editor');
    const weak = await hash(user.password, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await t.database.db.update(users).set({ passwordHash: weak }).where(eq(users.id, user.id));

    await login(t, user.username, user.password);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, user.id));
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});

describe('login throttling', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ env: { TRUST_PROXY: 'true' } })));
  afterAll(() => t.close());

  it('answers the 6th wrong password for one username within a minute with 429 and Retry-After', async () => {
    const victim = await createUser(t, 'viewer');
    const other = await createUser(t, 'editor');
    for (let i = 1; i <= 5; i++) {
      await t.http
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', `203.0.113.${i}`)
        .send({ username: victim.username, password: `wrong guess number ${i}` })
        .expect(401);
    }
    const blocked = await t.http
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', '203.0.113.99')
      .send({ username: victim.username, password: victim.password })
      .expect(429);
    expect(blocked.body.code).toBe('too_many_requests');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);

    // Another user, from another address, is not affected.
    await t.http
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', '198.51.100.7')
      .send({ username: other.username, password: other.password })
      .expect(200);
  });

  it('counts parallel guesses before judging them, so a burst cannot exceed the limit', async () => {
    const target = await createUser(t, 'viewer');
    const burst = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        t.http
          .post('/api/v1/auth/login')
          .set('x-forwarded-for', `198.18.0.${i}`)
          .send({ username: target.username, password: `parallel guess ${i}` }),
      ),
    );
    expect(burst.filter((res) => res.status === 401)).toHaveLength(5);
    expect(burst.filter((res) => res.status === 429)).toHaveLength(10);
  });

  it('does not hold the owner back at an address they logged in from', async () => {
    const user = await createUser(t, 'editor');
    await t.http.post('/api/v1/auth/login').set('x-forwarded-for', '198.19.0.1').send({ username: user.username, password: user.password }).expect(200);
    for (let i = 1; i <= 5; i++) {
      await t.http
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', `198.19.1.${i}`)
        .send({ username: user.username, password: `stranger guess ${i}` })
        .expect(401);
    }
    await t.http.post('/api/v1/auth/login').set('x-forwarded-for', '198.19.1.9').send({ username: user.username, password: user.password }).expect(429);
    await t.http.post('/api/v1/auth/login').set('x-forwarded-for', '198.19.0.1').send({ username: user.username, password: user.password }).expect(200);
  });

  it('counts unknown usernames exactly like known ones', async () => {
    for (let i = 1; i <= 5; i++) {
      await t.http
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', `192.0.2.${i}`)
        .send({ username: 'ghost-user', password: `wrong guess number ${i}` })
        .expect(401);
    }
    await t.http.post('/api/v1/auth/login').set('x-forwarded-for', '192.0.2.50').send({ username: 'ghost-user', password: 'x' }).expect(429);
  });
});

describe('X-Forwarded-For without TRUST_PROXY', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('is ignored, so a spoofed address cannot dodge the per-IP limit', async () => {
    for (let i = 0; i < 20; i++) {
      await t.http
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', `10.9.${i}.1`)
        .send({ username: `spray-${i}`, password: 'one guess per name' })
        .expect(401);
    }
    await t.http.post('/api/v1/auth/login').set('x-forwarded-for', '10.9.99.1').send({ username: 'spray-x', password: 'x' }).expect(429);
  });
});
