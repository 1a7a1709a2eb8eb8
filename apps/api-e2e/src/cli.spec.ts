import { runCli, startApi, checkedFetch } from '@lightbox/test-harness';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One data dir for the file (a first start on an empty one costs seconds): each test checks only what it made. */
describe('the operator CLI', () => {
  const OWNER_PASSWORD = 'the owner password for the cli';
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'lightbox-cli-'));
    env = { DATA_DIR: dataDir, OWNER_PASSWORD };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a key, printed alone on stdout, that the API then accepts', async () => {
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
      const me = await checkedFetch(`${api.baseUrl}/api/v1/auth/me`, { headers: { 'x-api-key': key } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ kind: 'api_key', name: 'n8n', scopes: ['images:read'] });
    } finally {
      await api.stop();
    }
  });

  it('resets a password from stdin under the API\'s rules, audited as the CLI, and the new one logs in', async () => {
    const tooShort = await runCli(['users', 'reset-password', 'owner'], env, 'abc\n');
    expect(tooShort.code).toBe(1);
    expect(tooShort.stderr).toContain('password: Use at least 12 characters.');

    const reset = await runCli(['users', 'reset-password', 'owner'], env, 'the second owner password\n');
    expect(reset.code).toBe(0);
    expect(reset.stdout).toBe('');
    const api = await startApi(env);
    try {
      const login = (password: string) =>
        checkedFetch(`${api.baseUrl}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'owner', password }),
        });
      expect((await login(OWNER_PASSWORD)).status).toBe(401);
      const loggedIn = await login('the second owner password');
      expect(loggedIn.status).toBe(200);
      const { access_token } = (await loggedIn.json()) as { access_token: string };
      const audit = await checkedFetch(`${api.baseUrl}/api/v1/audit-events?action=user.changed`, { headers: { authorization: `Bearer ${access_token}` } });
      const { items } = (await audit.json()) as { items: { actor: string; target: string; user_agent: string; details: Record<string, unknown> }[] };
      expect(items).toEqual([expect.objectContaining({ actor: 'lightbox-cli', target: 'owner', user_agent: 'lightbox-cli', details: expect.objectContaining({ password_reset: true }) })]);
    } finally {
      await api.stop();
    }
  });

  it('names the argument it refuses, and never prints SQL', async () => {
    const badScope = await runCli(['api-keys', 'create', '--name', 'x', '--scopes', 'images:read,images:delete'], env);
    expect(badScope.code).toBe(64);
    expect(badScope.stderr).toContain('--scopes ("images:delete")');
    const userScope = await runCli(['api-keys', 'create', '--name', 'x', '--scopes', 'users:manage'], env);
    expect(userScope.code).toBe(64);
    expect(userScope.stderr).toContain('--scopes ("users:manage")');
    const notAnId = await runCli(['api-keys', 'revoke', 'not-a-uuid'], env);
    expect(notAnId.code).toBe(64);
    expect(notAnId.stderr).toContain('"not-a-uuid" is not an API key id');
    for (const { stderr } of [badScope, userScope, notAnId]) expect(stderr.toLowerCase()).not.toMatch(/select|params|from "/);
  });

  it('explains its usage and exits 64 on a wrong command', async () => {
    const { code, stderr } = await runCli(['nonsense'], env);
    expect(code).toBe(64);
    expect(stderr).toContain('Usage:');
  });
});
