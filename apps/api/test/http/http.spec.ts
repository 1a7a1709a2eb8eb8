import { PROBLEM_CONTENT_TYPE } from '@lightbox/auth-contracts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { CENSORING } from '../../src/http/request-logging';
import { startTestApp, TestApp } from '../support/test-app';

describe('the HTTP shell', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('answers liveness at /health without credentials', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers an unknown API route with a 404 problem and no stack trace', async () => {
    const res = await t.http.get('/api/v1/nope').expect(404);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'There is nothing at this address.',
      code: 'not_found',
    });
  });

  it('answers malformed JSON with a 400 validation problem', async () => {
    const res = await t.http.post('/api/v1/anything').set('content-type', 'application/json').send('{"a":').expect(400);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(res.body.code).toBe('validation_failed');
    expect(JSON.stringify(res.body)).not.toMatch(/at .+\.(js|ts):\d+/);
  });

  it('answers a body over the JSON limit with 413 payload_too_large', async () => {
    const res = await t.http
      .post('/api/v1/anything')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ pad: 'x'.repeat(300 * 1024) }))
      .expect(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  it('answers a malformed URL with a 400 problem', async () => {
    const res = await t.http.get('/api/v1/%E0%A4%A').expect(400);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(res.body.code).toBe('validation_failed');
  });

  it('answers a request with a broken Content-Length with a 400 problem', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.getHttpServer().address() as { port: number };
    const socket = connect(port, '127.0.0.1');
    socket.end('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n');
    let raw = '';
    for await (const chunk of socket) raw += String(chunk);
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(raw).toContain(`Content-Type: ${PROBLEM_CONTENT_TYPE}`);
    expect(raw).toContain('"code":"validation_failed"');
  });

  it('sets security headers', async () => {
    const res = await t.http.get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('echoes a sane request id and replaces an unsafe one', async () => {
    const kept = await t.http.get('/health').set('x-request-id', 'trace-42');
    expect(kept.headers['x-request-id']).toBe('trace-42');
    const replaced = await t.http.get('/health').set('x-request-id', 'bad id\twith spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does not enable CORS unless CORS_ORIGINS is set', async () => {
    const res = await t.http.get('/health').set('origin', 'https://elsewhere.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ env: { CORS_ORIGINS: 'https://photos.example' } })));
  afterAll(() => t.close());

  it('allows a configured origin with credentials and no other', async () => {
    const allowed = await t.http.get('/health').set('origin', 'https://photos.example');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://photos.example');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const other = await t.http.get('/health').set('origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('request logging', () => {
  it('logs each request with its id and without credentials', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    const t = await startTestApp({ env: { LOG_LEVEL: 'info' }, logStream: stream });
    try {
      await t.http
        .post('/api/v1/auth/login?access_token=secret-query-value')
        .set('x-request-id', 'trace-log-1')
        .set('authorization', 'Bearer secret-token-value')
        .set('x-api-key', 'lbx_secretkeyvalue')
        .set('cookie', 'lbx_refresh=secret-cookie-value')
        .send({ username: 'owner', password: 'secret-password-value' });
    } finally {
      await t.close();
    }
    const log = lines.join('');
    expect(log).toContain('"id":"trace-log-1"');
    expect(log).toContain('"url":"/api/v1/auth/login"');
    expect(log).toContain('"statusCode":401');
    expect(log).not.toMatch(/secret-(token|cookie|password|query)-value|lbx_secretkeyvalue/);
  });

  it('censors credential fields wherever a log call passes them, and changes nothing it is given', () => {
    const out: string[] = [];
    const logger = pino(CENSORING, { write: (line: string) => out.push(line) });
    const body = { nested: { refresh_token: 'secret-3' } };
    logger.info({ password: 'secret-1', user: { password_hash: 'secret-2' }, body, list: [{ key: 'secret-4' }], err: { params: ['secret-5'] } });
    logger.error({ err: Object.assign(new Error('query failed'), { params: ['secret-6'] }) });
    expect(out.join('')).not.toContain('secret-');
    expect(out.join('').match(/\[Redacted\]/g)).toHaveLength(6);
    expect(out.join('')).toContain('query failed');
    expect(body.nested.refresh_token).toBe('secret-3');
  });
});

describe('serving the SPA', () => {
  let t: TestApp;
  let webRoot: string;
  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'lightbox-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Lightbox</title><lbx-root></lbx-root>');
    writeFileSync(join(webRoot, 'main-ABCDEF12.js'), 'console.log(1)');
    t = await startTestApp({ webRoot });
  });
  afterAll(async () => {
    await t.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('serves index.html at /', async () => {
    const res = await t.http.get('/').expect(200);
    expect(res.text).toContain('<lbx-root>');
  });

  it('falls back for a deep link whose query string holds a dot', async () => {
    const res = await t.http.get('/login?returnUrl=%2Fimages%2Fa.b').expect(200);
    expect(res.text).toContain('<lbx-root>');
  });

  it('falls back to index.html for deep links, uncached', async () => {
    const res = await t.http.get('/images/123').expect(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.text).toContain('<lbx-root>');
  });

  it.each(['/s/lbs_abc', '/join/lbi_abc'])('keeps the secret of %s from other sites and search engines', async (path) => {
    const res = await t.http.get(path).expect(200);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect((await t.http.get('/images/123')).headers['x-robots-tag']).toBeUndefined();
  });

  it('lets browsers keep hashed assets forever', async () => {
    const res = await t.http.get('/main-ABCDEF12.js').expect(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it.each(['/api/v1/nope', '/api/nope', '/health/nope', '/missing-file.js'])(
    'never falls back for %s',
    async (path) => {
      const res = await t.http.get(path).expect(404);
      expect(res.body.code).toBe('not_found');
    },
  );
});
