import {
  ApiProcess,
  createFreshDatabase,
  FreshDatabase,
  freePort,
  freshRedisDatabase,
  startApi,
  checkedFetch,
  ContractViolation,
  SoftwareAuthenticator,
} from '@lightbox/test-harness';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

/**
 * Two API processes behind no balancer, on one fresh PostgreSQL database and one Redis database:
 * what one instance decides, the other must honour at once. Needs DATABASE_URL and REDIS_URL.
 */
const OWNER = { username: 'owner', password: 'the cluster owner password' };
const JWT_SECRET = 'one-secret-shared-by-every-instance-0123';
/** Behind a balancer every instance serves one origin: passkeys are made for it, not for an instance. */
const WEBAUTHN_ORIGIN = 'http://localhost:8080';
const PROPAGATION_LIMIT_MS = 1_000;
/**
 * B keeps gallery answers for up to a second on its own (GALLERY_TTL_MS): only A's invalidation
 * reaching B can make a change visible well within that, so this bound tests the invalidation.
 */
const GALLERY_PROPAGATION_LIMIT_MS = 500;

type Json = Record<string, unknown>;

async function call(api: ApiProcess, method: string, path: string, options: { token?: string; key?: string; share?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.key) headers['x-api-key'] = options.key;
  if (options.share) headers['x-share-token'] = options.share;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await checkedFetch(`${api.baseUrl}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
}

async function login(api: ApiProcess, username = OWNER.username, password = OWNER.password) {
  const { status, body } = await call(api, 'POST', '/api/v1/auth/login', { body: { username, password } });
  if (status !== 200) throw new Error(`login as ${username} on ${api.baseUrl}: ${status} ${JSON.stringify(body)}`);
  return body as { access_token: string; refresh_token?: string };
}

/** Polls until `holds` does; resolves to the milliseconds it took, or fails past the limit. */
async function msUntil(holds: () => Promise<boolean>, limitMs = PROPAGATION_LIMIT_MS): Promise<number> {
  const started = Date.now();
  while (Date.now() - started <= limitMs) {
    if (await holds()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`not seen after ${limitMs} ms`);
}

describe('a cluster of API instances on PostgreSQL and Redis', () => {
  let database: FreshDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  let a: ApiProcess;
  let b: ApiProcess;
  let ownerToken: string;

  beforeAll(async () => {
    database = await createFreshDatabase('lightbox_cluster');
    dataDir = mkdtempSync(join(tmpdir(), 'lightbox-cluster-'));
    env = {
      DATABASE_URL: database.url,
      REDIS_URL: await freshRedisDatabase(),
      DATA_DIR: dataDir,
      JWT_SECRET,
      MFA_ENCRYPTION_KEY: 'one-mfa-key-shared-by-every-instance-0123',
      WEBAUTHN_ORIGIN,
      OWNER_USERNAME: OWNER.username,
      OWNER_PASSWORD: OWNER.password,
    };
    [a, b] = await Promise.all([startApi(env), startApi(env)]);
    ownerToken = (await login(a)).access_token;
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports Redis in readiness', async () => {
    expect((await call(b, 'GET', '/health/ready')).body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
  });

  it('accepts on B a token issued by A', async () => {
    const { status, body } = await call(b, 'GET', '/api/v1/auth/me', { token: ownerToken });
    expect(status).toBe(200);
    expect(body).toMatchObject({ kind: 'user', username: OWNER.username });
  });

  it('refuses on B, within a second, a key revoked on A', async () => {
    const created = await call(a, 'POST', '/api/v1/api-keys', { token: ownerToken, body: { name: 'to revoke', scopes: ['images:read'] } });
    const key = created.body['key'] as string;
    expect((await call(b, 'GET', '/api/v1/auth/me', { key })).status).toBe(200); // now in B's cache

    expect((await call(a, 'DELETE', `/api/v1/api-keys/${created.body['id']}`, { token: ownerToken })).status).toBe(204);
    const elapsed = await msUntil(async () => (await call(b, 'GET', '/api/v1/auth/me', { key })).body['code'] === 'api_key_revoked');
    expect(elapsed).toBeLessThan(PROPAGATION_LIMIT_MS);
  });

  it('refuses on A, within a second, a user deactivated on B', async () => {
    const created = await call(b, 'POST', '/api/v1/users', { token: ownerToken, body: { username: 'leaving', password: 'a password for leaving', role: 'viewer' } });
    const token = (await login(a, 'leaving', 'a password for leaving')).access_token;
    expect((await call(a, 'GET', '/api/v1/auth/me', { token })).status).toBe(200); // now in A's cache

    expect((await call(b, 'PATCH', `/api/v1/users/${created.body['id']}`, { token: ownerToken, body: { active: false } })).status).toBe(200);
    const elapsed = await msUntil(async () => (await call(a, 'GET', '/api/v1/auth/me', { token })).status === 401);
    expect(elapsed).toBeLessThan(PROPAGATION_LIMIT_MS);
  });

  it("refuses on B, within a second, a share link revoked on A (its token already in B's cache)", async () => {
    const album = (await call(a, 'POST', '/api/v1/albums', { token: ownerToken, body: { title: 'Shared across' } })).body['id'] as string;
    const link = (await call(a, 'POST', `/api/v1/albums/${album}/share-links`, { token: ownerToken, body: {} })).body;
    const opened = await call(a, 'POST', '/api/v1/share-links/access', { body: { token: link['token'] } });
    const share = opened.body['share_token'] as string;
    expect((await call(b, 'GET', `/api/v1/albums/${album}`, { share })).status).toBe(200); // now in B's cache

    expect((await call(a, 'PATCH', `/api/v1/share-links/${link['id']}`, { token: ownerToken, body: { label: 'changed on A' } })).status).toBe(200);
    expect((await call(a, 'DELETE', `/api/v1/share-links/${link['id']}`, { token: ownerToken })).status).toBe(204);
    const elapsed = await msUntil(async () => {
      const answer = await call(b, 'GET', `/api/v1/albums/${album}`, { share });
      return answer.status === 410 && answer.body['reason'] === 'revoked';
    });
    expect(elapsed).toBeLessThan(PROPAGATION_LIMIT_MS);
  });

  it("shows B's visitors, within half a second, every image write taken by A: upload, edit, visibility, delete", async () => {
    const titles = async () => ((await call(b, 'GET', '/api/v1/images?limit=100')).body['items'] as { title: string }[]).map((image) => image.title);
    const tagCount = async (tag: string) =>
      ((await call(b, 'GET', '/api/v1/tags')).body as unknown as { name: string; count: number }[]).find((t) => t.name === tag)?.count ?? 0;
    const details = (id: string) => call(b, 'GET', `/api/v1/images/${id}`);
    const seenOnB = async (write: () => Promise<unknown>, seen: () => Promise<boolean>) => {
      expect(await seen()).toBe(false); // and B has the answer before the write cached
      await write();
      return msUntil(seen, GALLERY_PROPAGATION_LIMIT_MS);
    };
    const onA = async (method: string, path: string, body?: unknown) => {
      const result = await call(a, method, path, { token: ownerToken, body });
      expect(result.status).toBeLessThan(300);
      return result.body;
    };

    let id = '';
    const form = new FormData();
    form.append('title', 'Uploaded on A');
    form.append('tags', 'propagated');
    form.append('visibility', 'public');
    form.append('file', new Blob([await sharp({ create: { width: 20, height: 10, channels: 3, background: '#369' } }).png().toBuffer()]), 'a.png');
    const elapsed = [
      await seenOnB(
        async () => {
          const response = await checkedFetch(`${a.baseUrl}/api/v1/images`, { method: 'POST', headers: { authorization: `Bearer ${ownerToken}` }, body: form });
          expect(response.status).toBe(201);
          id = ((await response.json()) as { id: string }).id;
        },
        async () => (await titles()).includes('Uploaded on A') && (await tagCount('propagated')) === 1,
      ),
      await seenOnB(
        () => onA('PATCH', `/api/v1/images/${id}`, { title: 'Renamed on A' }),
        async () => (await details(id)).body['title'] === 'Renamed on A' && (await titles()).includes('Renamed on A'),
      ),
      await seenOnB(
        () => onA('PATCH', `/api/v1/images/${id}`, { visibility: 'private' }),
        async () => (await details(id)).status === 404 && !(await titles()).includes('Renamed on A'),
      ),
      await seenOnB(
        () => onA('PATCH', `/api/v1/images/${id}`, { visibility: 'public' }),
        async () => (await details(id)).status === 200 && (await titles()).includes('Renamed on A'),
      ),
      await seenOnB(
        () => onA('DELETE', `/api/v1/images/${id}`),
        async () => (await details(id)).status === 404 && (await tagCount('propagated')) === 0,
      ),
    ];
    expect(elapsed.every((ms) => ms < GALLERY_PROPAGATION_LIMIT_MS)).toBe(true);
  });

  it('shares the per-username login limit: failures spread over A and B trip it at the same count as on one', async () => {
    await call(a, 'POST', '/api/v1/users', { token: ownerToken, body: { username: 'target', password: 'the real target password', role: 'viewer' } });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const api = attempt % 2 === 0 ? a : b;
      statuses.push((await call(api, 'POST', '/api/v1/auth/login', { body: { username: 'target', password: `wrong ${attempt}` } })).status);
    }
    // Five failures are judged (the fifth starts the block), the sixth is held back: as on one instance.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await call(a, 'POST', '/api/v1/auth/login', { body: { username: 'target', password: 'wrong again' } })).status).toBe(429);
  });

  it("shares an API key's rate limit: requests spread over A and B count together", async () => {
    const created = await call(a, 'POST', '/api/v1/api-keys', { token: ownerToken, body: { name: 'limited', scopes: ['images:read'], rate_limit_per_minute: 4 } });
    const key = created.body['key'] as string;
    const statuses: number[] = [];
    for (const api of [a, b, a, b, a]) statuses.push((await call(api, 'GET', '/api/v1/auth/me', { key })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it('lets one refresh token, replayed on A and B at once, succeed exactly once', async () => {
    const token = await checkedFetch(`${a.baseUrl}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: OWNER.username, password: OWNER.password }),
    }).then((response) => response.json() as Promise<{ refresh_token: string }>);
    const attempts = [a, b, a, b].map((api) => call(api, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: token.refresh_token } }));
    const statuses = (await Promise.all(attempts)).map((result) => result.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
  });

  it('ends on one instance every ceremony begun on the other: passkey registration, passkey sign-in, mfa_token', async () => {
    const owner = (await login(a)).access_token;
    const person = { username: 'cluster-passkey-person', password: 'a cluster person password' };
    expect((await call(a, 'POST', '/api/v1/users', { token: owner, body: { ...person, role: 'viewer' } })).status).toBe(201);
    const { access_token: token } = await login(b, person.username, person.password);
    const device = new SoftwareAuthenticator(WEBAUTHN_ORIGIN);

    const creation = await call(a, 'POST', '/api/v1/auth/passkeys/registration-options', { token, body: {} });
    const registered = await call(b, 'POST', '/api/v1/auth/passkeys', { token, body: { name: 'Laptop', webauthn: device.register(creation.body as never) } });
    expect(registered.status).toBe(201);

    const request = await call(b, 'POST', '/api/v1/auth/passkeys/authentication-options', { body: {} });
    const signedIn = await call(a, 'POST', '/api/v1/auth/passkeys/login', { body: { webauthn: device.assert(request.body as never) } });
    expect(signedIn).toMatchObject({ status: 200, body: { user: { username: person.username } } });

    const step = await call(a, 'POST', '/api/v1/auth/login', { body: person });
    expect(step).toMatchObject({ status: 401, body: { code: 'mfa_required', mfa_methods: ['webauthn'] } });
    const answer = device.assert(step.body['webauthn_options'] as never);
    const completed = await call(b, 'POST', '/api/v1/auth/mfa', { body: { mfa_token: step.body['mfa_token'], webauthn: answer } });
    expect(completed.status).toBe(200);
    // Spent on B: A does not take it again.
    expect((await call(a, 'POST', '/api/v1/auth/mfa', { body: { mfa_token: step.body['mfa_token'], webauthn: answer } })).body['code']).toBe('invalid_token');
  });

  it('loses no committed data when one instance is killed mid-load, and the other keeps answering', async () => {
    const victim = await startApi(env);
    const committed: string[] = [];
    const survivorStatuses: number[] = [];
    const writer = async (api: ApiProcess, count: number, statuses?: number[]) => {
      for (let i = 0; i < count; i++) {
        // A killed instance drops its connections; an answer outside the document still fails the test.
        const result = await call(api, 'POST', '/api/v1/api-keys', { token: ownerToken, body: { name: `load ${i}`, scopes: ['images:read'] } }).catch((error: unknown) => {
          if (error instanceof ContractViolation) throw error;
          return undefined;
        });
        statuses?.push(result?.status ?? 0);
        if (result?.status === 201) committed.push(result.body['id'] as string);
      }
    };
    const load = Promise.all([writer(victim, 200), writer(victim, 200), writer(b, 60, survivorStatuses)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    victim.child.kill('SIGKILL');
    await load;

    expect(survivorStatuses.every((status) => status === 201)).toBe(true);
    expect(committed.length).toBeGreaterThan(60);
    const { body } = await call(b, 'GET', '/api/v1/api-keys', { token: ownerToken });
    const stored = new Set((body['items'] as { id: string }[]).map((key) => key.id));
    expect(committed.filter((id) => !stored.has(id))).toEqual([]);
  });
});

describe('an instance whose Redis is missing, goes away, stalls and comes back', () => {
  let database: FreshDatabase;
  let dataDir: string;
  let redis: ChildProcess;
  let redisPort: number;
  let api: ApiProcess;

  const startRedis = async () => {
    redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let tries = 0; tries < 100; tries++) {
      const up = await fetch(`http://127.0.0.1:${redisPort}`).then(() => true, (error: Error & { cause?: { code?: string } }) => error.cause?.code !== 'ECONNREFUSED');
      if (up) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('redis-server did not start');
  };
  const stopRedis = async () => {
    redis.kill('SIGKILL');
    await once(redis, 'exit');
  };

  beforeAll(async () => {
    database = await createFreshDatabase('lightbox_cluster');
    dataDir = mkdtempSync(join(tmpdir(), 'lightbox-cluster-'));
    redisPort = await freePort();
  });
  afterAll(async () => {
    await api?.stop();
    if (redis?.exitCode === null) {
      redis.kill('SIGCONT');
      await stopRedis();
    }
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const loginStatus = async () => (await call(api, 'POST', '/api/v1/auth/login', { body: OWNER })).status;
  const untilLoginWorks = async () => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await loginStatus()) !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await loginStatus()).toBe(200);
  };

  it('starts while Redis is down, refusing logins until it comes', async () => {
    api = await startApi({
      DATABASE_URL: database.url,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      JWT_SECRET,
      OWNER_USERNAME: OWNER.username,
      OWNER_PASSWORD: OWNER.password,
    });
    expect((await call(api, 'GET', '/health/ready')).body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'down' } });
    expect(await loginStatus()).toBe(503);
    await startRedis();
    await untilLoginWorks();
  });

  it('refuses logins (never unlimited), keeps serving signed-in callers, warns once, and recovers by itself', async () => {
    const { access_token: token } = await login(api);
    const key = (await call(api, 'POST', '/api/v1/api-keys', { token, body: { name: 'outage', scopes: ['images:read'] } })).body['key'] as string;

    await stopRedis();
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let i = 0; i < 3; i++) {
      const refused = await call(api, 'POST', '/api/v1/auth/login', { body: OWNER });
      expect(refused).toMatchObject({ status: 503, body: { code: 'service_unavailable' } });
    }
    expect((await call(api, 'GET', '/api/v1/auth/me', { token })).status).toBe(200);
    expect((await call(api, 'GET', '/api/v1/auth/me', { key })).status).toBe(200);
    expect((await call(api, 'GET', '/health/ready')).body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'down' } });
    // Once for the start without Redis, once for this outage: never once per request.
    expect(api.output().match(/Redis is unreachable/g)).toHaveLength(2);

    await startRedis();
    await untilLoginWorks();
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && (api.output().match(/Redis is back/g) ?? []).length < 2) await new Promise((resolve) => setTimeout(resolve, 100));
    // Once after the start without Redis, once now: one line per recovery, not per request.
    expect(api.output().match(/Redis is back/g)).toHaveLength(2);
    expect((await call(api, 'GET', '/health/ready')).body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
  });

  it('does not hang on a Redis that stops answering without closing its connections', async () => {
    const { access_token: token } = await login(api);
    const key = (await call(api, 'POST', '/api/v1/api-keys', { token, body: { name: 'stalled', scopes: ['images:read'] } })).body['key'] as string;
    redis.kill('SIGSTOP');
    try {
      const started = Date.now();
      expect(await loginStatus()).toBe(503);
      expect((await call(api, 'GET', '/api/v1/auth/me', { key })).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      redis.kill('SIGCONT');
    }
    await untilLoginWorks();
  });
});
