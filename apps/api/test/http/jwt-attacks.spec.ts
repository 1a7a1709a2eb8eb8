import { createHmac, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { login, LoggedIn } from '../support/auth';
import { startTestApp, TEST_JWT_SECRET, TestApp } from '../support/test-app';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function sign(header: object, payload: unknown, secret: string | Buffer = TEST_JWT_SECRET, alg = 'sha256'): string {
  const head = `${b64(header)}.${b64(payload)}`;
  return `${head}.${createHmac(alg, secret).update(head).digest('base64url')}`;
}

describe('access tokens the guard refuses', () => {
  let t: TestApp;
  let owner: LoggedIn;
  let claims: Record<string, unknown>;
  let jkuHits = 0;
  let jkuUrl: string;
  let trap: Server;
  const now = () => Math.floor(Date.now() / 1000);
  const HS256 = { alg: 'HS256', typ: 'JWT' };

  beforeAll(async () => {
    t = await startTestApp();
    owner = await login(t);
    // Every case meets a guard that has let the owner's token in already: what it remembers of a
    // token must vouch for nothing that differs from it.
    await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${owner.accessToken}`).expect(200);
    claims = JSON.parse(Buffer.from(owner.accessToken.split('.')[1], 'base64url').toString());
    trap = createServer((socket) => {
      jkuHits++;
      socket.destroy();
    }).listen(0, '127.0.0.1');
    await once(trap, 'listening');
    jkuUrl = `http://127.0.0.1:${(trap.address() as { port: number }).port}/jwks.json`;
  });
  afterAll(async () => {
    trap.close();
    await t.close();
  });

  const valid = (changes: Record<string, unknown> = {}) => ({ ...claims, iat: now(), exp: now() + 600, ...changes });
  const without = (key: string) => {
    const copy: Record<string, unknown> = valid();
    delete copy[key];
    return copy;
  };

  const cases: [string, () => string, string?][] = [
    ['expired', () => sign(HS256, valid({ exp: now() - 120, iat: now() - 1000 })), 'token_expired'],
    ['exp = now', () => sign(HS256, valid({ exp: now() })), 'token_expired'],
    ['nbf in the future', () => sign(HS256, valid({ nbf: now() + 3600 }))],
    ['exp as a string', () => sign(HS256, valid({ exp: String(now() + 600) }))],
    ['exp null', () => sign(HS256, valid({ exp: null }))],
    ['iat as a string', () => sign(HS256, valid({ iat: String(now()) }))],
    ['iat null', () => sign(HS256, valid({ iat: null }))],
    ['missing exp', () => sign(HS256, without('exp'))],
    ['signed with another secret', () => sign(HS256, valid(), 'another-secret-that-is-also-long-enough')],
    ['signed with an empty key', () => sign(HS256, valid(), '')],
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(valid())}.`],
    ['alg None', () => `${b64({ alg: 'None', typ: 'JWT' })}.${b64(valid())}.`],
    ['alg nOnE', () => `${b64({ alg: 'nOnE', typ: 'JWT' })}.${b64(valid())}.`],
    ['HS384 with the right secret', () => sign({ alg: 'HS384', typ: 'JWT' }, valid(), TEST_JWT_SECRET, 'sha384')],
    ['HS512 with the right secret', () => sign({ alg: 'HS512', typ: 'JWT' }, valid(), TEST_JWT_SECRET, 'sha512')],
    ['RS256 header', () => `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(valid())}.${b64('not-a-signature')}`],
    ['ES256 header', () => `${b64({ alg: 'ES256', typ: 'JWT' })}.${b64(valid())}.${b64('not-a-signature')}`],
    ['embedded jwk', () => sign({ ...HS256, jwk: { kty: 'oct', k: b64('attacker-key-0123456789abcdef0123') } }, valid(), 'attacker-key-0123456789abcdef0123')],
    ['jku pointing elsewhere', () => sign({ ...HS256, jku: jkuUrl }, valid(), 'attacker-key-0123456789abcdef0123')],
    ['kid path trick', () => sign({ ...HS256, kid: '../../../../dev/null' }, valid(), '')],
    ['wrong iss', () => sign(HS256, valid({ iss: 'someone-else' }))],
    ['missing iss', () => sign(HS256, without('iss'))],
    ['wrong aud', () => sign(HS256, valid({ aud: 'another-api' }))],
    ['missing aud', () => sign(HS256, without('aud'))],
    ['payload that is a string', () => sign(HS256, '"just a string"')],
    ['payload that is an array', () => sign(HS256, [1, 2, 3])],
    ['stripped signature', () => owner.accessToken.split('.').slice(0, 2).join('.') + '.'],
    ['no signature part', () => owner.accessToken.split('.').slice(0, 2).join('.')],
    ['truncated signature', () => owner.accessToken.slice(0, -3)],
    ['changed payload', () => {
      const [head, , signature] = owner.accessToken.split('.');
      return `${head}.${b64(valid({ tv: 7 }))}.${signature}`;
    }],
    ['another user in the payload', () => {
      const [head, , signature] = owner.accessToken.split('.');
      return `${head}.${b64({ ...claims, sub: randomUUID() })}.${signature}`;
    }],
    ['a refresh token', () => owner.refreshToken],
    ['garbage', () => 'not.a.jwt'],
  ];

  it.each(cases)('refuses %s with 401', async (_, make, code = 'invalid_token') => {
    const res = await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${make()}`).expect(401);
    expect(res.body.code).toBe(code);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="lightbox", error="invalid_token"');
  });

  it.each(['Bearer', 'Bearer ', 'bearer    '])('refuses the Authorization header %j with 401 invalid_token', async (header) => {
    const res = await t.http.get('/api/v1/auth/me').set('authorization', header).expect(401);
    expect(res.body.code).toBe('invalid_token');
  });

  it.each(['Basic b3duZXI6cGFzcw==', `Token ${'x'.repeat(20)}`, 'Bearer2 x'])(
    'does not judge the foreign scheme %j: no bearer token was sent',
    async (header) => {
      const res = await t.http.get('/api/v1/auth/me').set('authorization', header).expect(401);
      expect(res.body.code).toBe('authentication_required');
    },
  );

  it('never fetches a key from a jku or anywhere else', () => {
    expect(jkuHits).toBe(0);
  });

  it('accepts the token it issued, with the scheme in any case', async () => {
    await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${owner.accessToken}`).expect(200);
    await t.http.get('/api/v1/auth/me').set('authorization', `bearer ${owner.accessToken}`).expect(200);
    await t.http.get('/api/v1/auth/me').set('authorization', `BEARER ${owner.accessToken}`).expect(200);
  });

  it('accepts a token within the 30 s clock tolerance for nbf', async () => {
    await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${sign(HS256, valid({ nbf: now() + 10 }))}`).expect(200);
  });

  it('ignores a token in the query string', async () => {
    const res = await t.http.get(`/api/v1/auth/me?access_token=${owner.accessToken}`).expect(401);
    expect(res.body.code).toBe('authentication_required');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="lightbox"');
  });
});

describe('a token the guard has let in before', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(() => t.close());

  const me = (session: LoggedIn) => t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${session.accessToken}`);

  it('is refused as expired once its exp has passed', async () => {
    const owner = await login(t);
    await me(owner).expect(200);
    t.clock.advance(15 * 60_000);
    const res = await me(owner).expect(401);
    expect(res.body.code).toBe('token_expired');
  });

  it('is refused once its session has ended', async () => {
    const owner = await login(t);
    await me(owner).expect(200);
    await t.http.post('/api/v1/auth/logout').set('cookie', owner.refreshCookie).expect(204);
    expect((await me(owner).expect(401)).body.code).toBe('invalid_token');
  });
});
