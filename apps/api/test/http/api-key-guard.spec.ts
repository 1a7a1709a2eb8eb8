import { base62Checksum } from '../../src/api-keys/api-key-format';
import { login } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

describe('X-API-Key', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const body = 'a'.repeat(32);

  it.each([
    ['a bad checksum', `lbx_${body}AAAAAA`],
    ['a well-formed key nobody issued', `lbx_${body}${base62Checksum(body)}`],
    ['something else entirely', 'hello'],
  ])('refuses %s with 401 invalid_api_key', async (_, key) => {
    const res = await t.http.get('/api/v1/auth/me').set('x-api-key', key).expect(401);
    expect(res.body.code).toBe('invalid_api_key');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="lightbox", error="invalid_token"');
  });

  it('lets an invalid bearer token win over an API key sent alongside', async () => {
    const res = await t.http
      .get('/api/v1/auth/me')
      .set('authorization', 'Bearer not-a-token')
      .set('x-api-key', `lbx_${body}${base62Checksum(body)}`)
      .expect(401);
    expect(res.body.code).toBe('invalid_token');
  });

  it('judges a valid bearer token alone when a bad key rides along', async () => {
    const owner = await login(t);
    await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${owner.accessToken}`).set('x-api-key', 'junk').expect(200);
  });

  it('is never read from the query string', async () => {
    const res = await t.http.get(`/api/v1/auth/me?api_key=lbx_${body}${base62Checksum(body)}`).expect(401);
    expect(res.body.code).toBe('authentication_required');
  });
});

describe('public routes', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it.each([
    ['no credentials', {}],
    ['an invalid bearer token', { authorization: 'Bearer nonsense' }],
    ['an invalid API key', { 'x-api-key': 'lbx_nonsense' }],
  ])('answer 200 with %s', async (_, headers) => {
    await t.http.get('/health').set(headers).expect(200);
    await t.http.post('/api/v1/auth/logout').set(headers).expect(204);
  });
});
