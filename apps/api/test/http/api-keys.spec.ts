import { API_KEY_SCOPES } from '@lightbox/auth-contracts';
import { ApiKeysRepository } from '../../src/api-keys/api-keys.repository';
import { apiKeys } from '../../src/database/schema';
import { bearer, createUser, login, LoggedIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

/** Lets the request under way run until it reaches the held lookup. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('API keys', () => {
  let t: TestApp;
  let owner: LoggedIn;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await login(t);
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>, as: LoggedIn = owner) =>
    t.http.post('/api/v1/api-keys').set('authorization', bearer(as)).send(body);
  const me = (key: string) => t.http.get('/api/v1/auth/me').set('x-api-key', key);

  it('issues a key, shown once, that authenticates as kind api_key with its scopes', async () => {
    const res = await create({ name: 'n8n', scopes: ['images:read'] });
    expect(res.status).toBe(201);
    expect(res.body.key).toMatch(/^lbx_[0-9A-Za-z]{38}$/);
    expect(res.body).toMatchObject({ name: 'n8n', prefix: res.body.key.slice(0, 12), scopes: ['images:read'], status: 'active' });

    const who = await me(res.body.key).expect(200);
    expect(who.body).toEqual({ kind: 'api_key', id: res.body.id, name: 'n8n', prefix: res.body.prefix, scopes: ['images:read'] });

    const listed = await t.http.get('/api/v1/api-keys').set('authorization', bearer(owner)).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(res.body.key);
  });

  it('does not cache, nor share with later requests, a lookup that was under way when the key was revoked', async () => {
    const { body } = await create({ name: 'racing', scopes: ['images:read'] });
    const repository = t.app.get(ApiKeysRepository);
    const read = repository.findByHash.bind(repository);
    let release: () => void = () => undefined;
    const held = jest.spyOn(repository, 'findByHash').mockImplementationOnce(async (hash) => {
      const row = await read(hash);
      await new Promise<void>((resolve) => (release = resolve));
      return row;
    });
    const inFlight = me(body.key).then((res) => res);
    while (held.mock.calls.length === 0) await nextTurn();
    await t.http.delete(`/api/v1/api-keys/${body.id}`).set('authorization', bearer(owner)).expect(204);
    // Asked after the 204, while the old lookup is still held: a read of its own.
    expect((await me(body.key)).body.code).toBe('api_key_revoked');
    release();
    await inFlight;
    held.mockRestore();
    expect((await me(body.key)).body.code).toBe('api_key_revoked');
  });

  it('refuses a key with one character changed without a database lookup', async () => {
    const { body } = await create({ name: 'typo', scopes: ['images:read'] });
    const lookups = jest.spyOn(t.app.get(ApiKeysRepository), 'findByHash');
    const i = 20;
    const typo = body.key.slice(0, i) + (body.key[i] === 'x' ? 'y' : 'x') + body.key.slice(i + 1);
    const res = await me(typo).expect(401);
    expect(res.body.code).toBe('invalid_api_key');
    expect(lookups).not.toHaveBeenCalled();
    lookups.mockRestore();
  });

  it('answers repeated requests with one key, and a flood of one unknown key, from the cache', async () => {
    const { body } = await create({ name: 'busy', scopes: ['images:read'] });
    const lookups = jest.spyOn(t.app.get(ApiKeysRepository), 'findByHash');
    for (let i = 0; i < 5; i++) await me(body.key).expect(200);
    const unknown = `lbx_${'Z'.repeat(32)}`;
    const { base62Checksum } = await import('../../src/api-keys/api-key-format');
    for (let i = 0; i < 5; i++) await me(unknown + base62Checksum('Z'.repeat(32))).expect(401);
    expect(lookups).toHaveBeenCalledTimes(2);
    lookups.mockRestore();
  });

  it('refuses a revoked key on the very next request', async () => {
    const { body } = await create({ name: 'to revoke', scopes: ['images:read'] });
    await me(body.key).expect(200);
    await t.http.delete(`/api/v1/api-keys/${body.id}`).set('authorization', bearer(owner)).expect(204);
    expect((await me(body.key).expect(401)).body.code).toBe('api_key_revoked');
    const kept = await t.http.get(`/api/v1/api-keys/${body.id}`).set('authorization', bearer(owner)).expect(200);
    expect(kept.body.status).toBe('revoked');
  });

  it('refuses an expired key with api_key_expired', async () => {
    const { body } = await create({ name: 'short-lived', scopes: ['images:read'], expires_at: new Date(t.clock.now() + 60_000).toISOString() });
    await me(body.key).expect(200);
    t.clock.advance(60_000);
    expect((await me(body.key).expect(401)).body.code).toBe('api_key_expired');
  });

  it('keeps both keys working during a rotation grace period', async () => {
    const { body: old } = await create({ name: 'rotating', scopes: ['images:read'] });
    const res = await t.http.post(`/api/v1/api-keys/${old.id}/rotate`).set('authorization', bearer(owner)).send({ grace_seconds: 60 }).expect(201);
    expect(res.body.key).not.toBe(old.key);
    await me(old.key).expect(200);
    await me(res.body.key).expect(200);
    const after = await t.http.get(`/api/v1/api-keys/${old.id}`).set('authorization', bearer(owner)).expect(200);
    const graceLeft = new Date(after.body.revoked_at).getTime() - t.clock.now();
    expect(graceLeft).toBeGreaterThan(55_000);
    expect(graceLeft).toBeLessThanOrEqual(60_000);
  });

  it('lets only the new key work once the grace period is over', async () => {
    const { body: old } = await create({ name: 'rotating fast', scopes: ['images:read'] });
    const res = await t.http.post(`/api/v1/api-keys/${old.id}/rotate`).set('authorization', bearer(owner)).send({ grace_seconds: 1 }).expect(201);
    await me(old.key).expect(200);
    t.clock.advance(1_000);
    expect((await me(old.key).expect(401)).body.code).toBe('api_key_revoked');
    await me(res.body.key).expect(200);
  });

  it('refuses a key on a route whose scope it lacks with 403 and the RFC 6750 challenge', async () => {
    const { body } = await create({ name: 'reader', scopes: ['images:read'] });
    const res = await t.http.get('/api/v1/users').set('x-api-key', body.key).expect(403);
    expect(res.body.code).toBe('insufficient_scope');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="lightbox", error="insufficient_scope", scope="users:manage"');
  });

  it('never lets an API key manage keys, whatever its scopes', async () => {
    const { body } = await create({ name: 'all of them', scopes: [...API_KEY_SCOPES] });
    const res = await t.http.post('/api/v1/api-keys').set('x-api-key', body.key).send({ name: 'child', scopes: ['images:read'] }).expect(403);
    expect(res.body.code).toBe('insufficient_scope');
  });

  it("does not let an admin's key outlive the admin: deactivation revokes it", async () => {
    const admin = await createUser(t, 'admin', owner);
    const session = await login(t, admin.username, admin.password);
    const { body } = await create({ name: 'admin key', scopes: ['images:read'] }, session);
    await me(body.key).expect(200);
    await t.http.patch(`/api/v1/users/${admin.id}`).set('authorization', bearer(owner)).send({ active: false }).expect(200);
    expect((await me(body.key).expect(401)).body.code).toBe('api_key_revoked');
  });

  it("shows an admin (users:manage) another user's key", async () => {
    const admin = await createUser(t, 'admin', owner);
    const session = await login(t, admin.username, admin.password);
    const { body: mine } = await create({ name: 'owner only', scopes: ['images:read'] });
    const seen = await t.http.get(`/api/v1/api-keys/${mine.id}`).set('authorization', bearer(session)).expect(200);
    expect(seen.body).toMatchObject({ id: mine.id, name: 'owner only', user_id: owner.userId, status: 'active' });
    expect(seen.body.key).toBeUndefined();
    const listed = await t.http.get('/api/v1/api-keys').set('authorization', bearer(session)).expect(200);
    expect(listed.body.items.map((key: { id: string }) => key.id)).toContain(mine.id);
  });

  it('holds a key to its own rate limit with 429 and Retry-After', async () => {
    const { body } = await create({ name: 'slow', scopes: ['images:read'], rate_limit_per_minute: 3 });
    expect(body.rate_limit_per_minute).toBe(3);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await me(body.key));
    expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 429]);
    expect(answers[3].body.code).toBe('too_many_requests');
    expect(Number(answers[3].headers['retry-after'])).toBeGreaterThan(0);
    // Another key of the same user is not affected.
    const { body: other } = await create({ name: 'fast', scopes: ['images:read'] });
    await me(other.key).expect(200);
  });

  it('lets an invalid bearer token win over a valid key sent alongside', async () => {
    const { body } = await create({ name: 'alongside', scopes: ['images:read'] });
    const res = await t.http.get('/api/v1/auth/me').set('authorization', 'Bearer not-a-token').set('x-api-key', body.key).expect(401);
    expect(res.body.code).toBe('invalid_token');
  });

  it('is no password: the login endpoint does not take a key', async () => {
    const { body } = await create({ name: 'not a password', scopes: ['images:read'] });
    await t.http.post('/api/v1/auth/login').set('x-api-key', body.key).send({}).expect(400);
    await t.http.post('/api/v1/auth/login').send({ username: 'owner', password: body.key }).expect(401);
  });

  it('never stores a key in plaintext', async () => {
    const { body } = await create({ name: 'scan me', scopes: ['images:read'] });
    const rows = await t.database.db.select().from(apiKeys);
    const dump = JSON.stringify(rows);
    expect(dump).toContain(body.prefix);
    expect(dump).not.toContain(body.key);
    expect(dump).not.toContain(body.key.slice(12));
  });

  it.each([
    [{ name: '', scopes: ['images:read'] }, 'name'],
    [{ name: 'x', scopes: [] }, 'scopes'],
    [{ name: 'x', scopes: ['images:delete'] }, 'scopes.0'],
    [{ name: 'x', scopes: ['images:read'], expires_at: '2001-01-01T00:00:00Z' }, 'expires_at'],
  ])('refuses %j with 400 on %s', async (body, path) => {
    const res = await create(body).expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});
