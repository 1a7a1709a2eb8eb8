import { runCli, startApi } from '@lightbox/test-harness';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('the operator CLI', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'lightbox-cli-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a key, printed alone on stdout, that the API then accepts', async () => {
    const env = { DATA_DIR: dataDir, OWNER_PASSWORD: 'the owner password for the cli' };
    const created = await runCli(['api-keys', 'create', '--user', 'owner', '--name', 'n8n', '--scopes', 'images:read', '--expires-in', '90d'], env);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^lbx_[0-9A-Za-z]{38}$/);
    expect(created.stderr).toContain('shown only now');

    const listed = await runCli(['api-keys', 'list'], env);
    expect(listed.stdout).toContain(key.slice(0, 12));
    expect(listed.stdout).not.toContain(key);

    const api = await startApi(env);
    try {
      const me = await fetch(`${api.baseUrl}/api/v1/auth/me`, { headers: { 'x-api-key': key } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ kind: 'api_key', name: 'n8n', scopes: ['images:read'] });
    } finally {
      await api.stop();
    }
  });

  it('resets a password from stdin, and the new one logs in', async () => {
    const env = { DATA_DIR: dataDir, OWNER_PASSWORD: 'the first owner password' };
    const reset = await runCli(['users', 'reset-password', 'owner'], env, 'the second owner password\n');
    expect(reset.code).toBe(0);
    expect(reset.stdout).toBe('');
    const api = await startApi(env);
    try {
      const login = (password: string) =>
        fetch(`${api.baseUrl}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'owner', password }),
        });
      expect((await login('the second owner password')).status).toBe(200);
      expect((await login('the first owner password')).status).toBe(401);
    } finally {
      await api.stop();
    }
  });

  it('explains its usage and exits 64 on a wrong command', async () => {
    const { code, stderr } = await runCli(['nonsense'], { DATA_DIR: dataDir });
    expect(code).toBe(64);
    expect(stderr).toContain('Usage:');
  });
});
