import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './load-config';

const SECRET = 'a-production-secret-of-at-least-32-bytes';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the settings to be refused');
}

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'lightbox-config-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('applies the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      databaseUrl: undefined,
      redisUrl: undefined,
      refreshTtlSeconds: 2_592_000,
      maxUploadBytes: 20 * 1024 * 1024,
      trustProxy: false,
      corsOrigins: [],
      owner: { username: 'owner', password: undefined, passwordHash: undefined },
      jwt: { issuer: 'lightbox', audience: 'lightbox-api', accessTtlSeconds: 900 },
      signup: undefined,
    });
  });

  it.each([
    [{ SIGNUP: 'invite' }, undefined],
    [{ SIGNUP: 'open' }, { role: 'viewer' }],
    [{ SIGNUP: 'open', SIGNUP_ROLE: 'editor' }, { role: 'editor' }],
    [{ SIGNUP: 'off', SIGNUP_ROLE: 'editor' }, undefined],
  ])('reads sign-up %j as %j', (env, signup) => {
    expect(loadConfig({ DATA_DIR: dataDir, ...env }).signup).toEqual(signup);
  });

  it.each([
    [{ SIGNUP: 'yes' }, /^SIGNUP: /],
    [{ SIGNUP: 'open', SIGNUP_ROLE: 'admin' }, /^SIGNUP_ROLE: /],
  ])('refuses sign-up settings %j', (env, problem) => {
    expect(problemsOf({ DATA_DIR: dataDir, ...env })[0]).toMatch(problem);
  });

  it('generates a development JWT secret into DATA_DIR, mode 0600, and reuses it', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    const file = join(dataDir, 'jwt-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').length).toBeGreaterThanOrEqual(64);
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.jwt.secret.equals(first.jwt.secret)).toBe(true);
  });

  it('refuses a JWT secret shorter than 32 bytes', () => {
    expect(problemsOf({ DATA_DIR: dataDir, JWT_SECRET: 'short' })).toEqual([
      'JWT_SECRET: must be at least 32 bytes long',
    ]);
  });

  it('makes a missing secret, MFA key and owner password errors in production, one line each', () => {
    expect(problemsOf({ NODE_ENV: 'production', DATA_DIR: dataDir })).toEqual([
      'JWT_SECRET: required when NODE_ENV=production',
      'OWNER_PASSWORD: OWNER_PASSWORD or OWNER_PASSWORD_HASH is required when NODE_ENV=production',
      'MFA_ENCRYPTION_KEY: required when NODE_ENV=production',
    ]);
  });

  it('reports a short secret and a missing owner password together', () => {
    expect(problemsOf({ NODE_ENV: 'production', DATA_DIR: dataDir, JWT_SECRET: 'short', MFA_ENCRYPTION_KEY: SECRET })).toEqual([
      'JWT_SECRET: must be at least 32 bytes long',
      'OWNER_PASSWORD: OWNER_PASSWORD or OWNER_PASSWORD_HASH is required when NODE_ENV=production',
    ]);
  });

  it('generates the MFA key into DATA_DIR in development, and keeps it', () => {
    const first = loadConfig({ DATA_DIR: dataDir }).mfaKey.export();
    expect(loadConfig({ DATA_DIR: dataDir }).mfaKey.export().equals(first)).toBe(true);
    expect(readFileSync(join(dataDir, 'mfa-key'), 'utf8').length).toBeGreaterThanOrEqual(32);
  });

  it('takes the RP ID from WEBAUTHN_ORIGIN, or a domain above its host', () => {
    expect(loadConfig({ DATA_DIR: dataDir, WEBAUTHN_ORIGIN: 'https://photos.example.com' }).webauthn).toEqual({
      origin: 'https://photos.example.com',
      rpId: 'photos.example.com',
    });
    expect(loadConfig({ DATA_DIR: dataDir, WEBAUTHN_ORIGIN: 'https://photos.example.com', WEBAUTHN_RP_ID: 'example.com' }).webauthn?.rpId).toBe('example.com');
    expect(loadConfig({ DATA_DIR: dataDir }).webauthn).toBeUndefined();
  });

  it.each([
    [{ WEBAUTHN_ORIGIN: 'https://photos.example.com', WEBAUTHN_RP_ID: 'other.com' }, 'WEBAUTHN_RP_ID: other.com is not the host of WEBAUTHN_ORIGIN (photos.example.com) nor a domain above it'],
    [{ WEBAUTHN_ORIGIN: 'https://photos.example.com', WEBAUTHN_RP_ID: 'ample.com' }, 'WEBAUTHN_RP_ID: ample.com is not the host of WEBAUTHN_ORIGIN (photos.example.com) nor a domain above it'],
    [{ WEBAUTHN_RP_ID: 'example.com' }, 'WEBAUTHN_RP_ID: set WEBAUTHN_ORIGIN too'],
    [{ WEBAUTHN_ORIGIN: 'http://10.0.0.2:3000', WEBAUTHN_RP_ID: '10.0.0.2' }, 'WEBAUTHN_RP_ID: must be a domain name: WebAuthn refuses IP addresses'],
    [{ WEBAUTHN_ORIGIN: 'https://photos.example.com/app' }, 'WEBAUTHN_ORIGIN: must be an origin such as https://photos.example.com (scheme, host, optional port; no path)'],
  ])('refuses a relying party that would break every passkey: %j', (env, problem) => {
    expect(problemsOf({ DATA_DIR: dataDir, ...env })).toContain(problem);
  });

  it('refuses a development secret file that is too short', () => {
    writeFileSync(join(dataDir, 'jwt-secret'), 'tiny');
    expect(problemsOf({ DATA_DIR: dataDir })).toEqual([
      `JWT_SECRET: ${join(dataDir, 'jwt-secret')} holds fewer than 32 bytes; delete it to have a new one made`,
    ]);
  });

  it.each(['yes', 'TRUE-ish', '10.0.0.1, nonsense', '10.0.0.0/33'])('refuses TRUST_PROXY=%j', (value) => {
    expect(problemsOf({ DATA_DIR: dataDir, TRUST_PROXY: value })[0]).toMatch(/^TRUST_PROXY: /);
  });

  it.each(['ab', 'has space', 'ünïcode'])('refuses OWNER_USERNAME %j by the rule every username follows', (name) => {
    expect(problemsOf({ DATA_DIR: dataDir, OWNER_USERNAME: name })).toEqual([
      'OWNER_USERNAME: Use 3–64 letters, digits, dots, dashes or underscores.',
    ]);
  });

  it('treats a blank PORT as unset rather than as port 0', () => {
    expect(loadConfig({ DATA_DIR: dataDir, PORT: ' ' }).port).toBe(3000);
  });

  it('starts in production when the secret and owner password are given', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      JWT_SECRET: SECRET,
      MFA_ENCRYPTION_KEY: SECRET,
      OWNER_PASSWORD: 'a long enough password',
    });
    expect(config.nodeEnv).toBe('production');
  });

  it('lists every bad setting on its own line', () => {
    const problems = problemsOf({
      DATA_DIR: dataDir,
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      CORS_ORIGINS: 'https://ok.example,https://bad.example/path',
      OWNER_PASSWORD: 'short',
      LOG_LEVEL: 'loud',
    });
    expect(problems).toHaveLength(5);
    expect(problems.map((line) => line.split(':')[0]).sort()).toEqual([
      'CORS_ORIGINS.1',
      'DATABASE_URL',
      'LOG_LEVEL',
      'OWNER_PASSWORD',
      'PORT',
    ]);
  });

  it.each([
    ['', false],
    ['false', false],
    ['true', true],
    ['TRUE', true],
    ['2', 2],
    ['10.0.0.1, 192.168.0.0/16', ['10.0.0.1', '192.168.0.0/16']],
  ])('reads TRUST_PROXY=%j as %j', (value, expected) => {
    expect(loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('reads CORS_ORIGINS as a list of origins', () => {
    const config = loadConfig({ DATA_DIR: dataDir, CORS_ORIGINS: 'https://a.example, http://localhost:4200' });
    expect(config.corsOrigins).toEqual(['https://a.example', 'http://localhost:4200']);
  });

  it('refuses OWNER_PASSWORD and OWNER_PASSWORD_HASH together', () => {
    expect(
      problemsOf({ DATA_DIR: dataDir, OWNER_PASSWORD: 'a long enough password', OWNER_PASSWORD_HASH: '$argon2id$v=19$x' }),
    ).toEqual(['OWNER_PASSWORD: set OWNER_PASSWORD or OWNER_PASSWORD_HASH, not both']);
  });
});
