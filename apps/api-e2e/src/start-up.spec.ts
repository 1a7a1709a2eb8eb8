import { runApiToExit, startApi, checkedFetch } from '@lightbox/test-harness';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('the production build', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'lightbox-e2e-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves the SPA, the API and health on one port', async () => {
    const api = await startApi({ DATA_DIR: dataDir });
    try {
      const index = await checkedFetch(`${api.baseUrl}/`);
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('<lbx-root>');

      const deepLink = await checkedFetch(`${api.baseUrl}/settings/api-keys`);
      expect(deepLink.status).toBe(200);
      expect(await deepLink.text()).toContain('<lbx-root>');

      expect((await checkedFetch(`${api.baseUrl}/health`)).status).toBe(200);

      // Outside the document on purpose (checkedFetch would refuse it): what an unknown API path answers.
      const missing = await fetch(`${api.baseUrl}/api/v1/nope`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toContain('application/problem+json');
      expect(await missing.json()).toMatchObject({ code: 'not_found' });
    } finally {
      expect(await api.stop()).toBe(0);
    }
  });

  it('generates a secret and an owner password on the first start and reuses them on the next', async () => {
    const first = await startApi({ DATA_DIR: dataDir });
    expect(await first.stop()).toBe(0);
    expect(first.output()).toMatch(/password: \S{20,}/);
    const secret = readFileSync(join(dataDir, 'jwt-secret'), 'utf8');

    const second = await startApi({ DATA_DIR: dataDir });
    expect(await second.stop()).toBe(0);
    expect(second.output()).not.toContain('password:');
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8')).toBe(secret);
  });

  it('refuses to start in production with a short JWT secret, saying why in one line', async () => {
    const { code, output } = await runApiToExit({
      NODE_ENV: 'production',
      JWT_SECRET: 'short',
      MFA_ENCRYPTION_KEY: 'a production key for totp secrets at rest',
      OWNER_PASSWORD: 'a production owner password',
      DATA_DIR: dataDir,
    });
    expect(code).not.toBe(0);
    expect(output.trim().split('\n')).toEqual(['Invalid setting JWT_SECRET: must be at least 32 bytes long']);
  });
});
