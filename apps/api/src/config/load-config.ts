import { createSecretKey, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppConfig } from './app-config';
import { SettingsSchema } from './settings.schema';

/** Thrown when settings are invalid; `problems` holds one human-readable line per problem. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates every setting once. In development a missing JWT secret or MFA key is
 * generated into DATA_DIR and reused; in production a missing secret, key or owner password is an error.
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = SettingsSchema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
    ...crossFieldProblems(env),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const settings = parsed.data;

  const dataDir = resolve(settings.DATA_DIR);
  const jwtSecret = settings.JWT_SECRET ?? developmentSecret(dataDir, 'jwt-secret', 'JWT_SECRET');
  const mfaSecret = settings.MFA_ENCRYPTION_KEY ?? developmentSecret(dataDir, 'mfa-key', 'MFA_ENCRYPTION_KEY');
  const origin = settings.WEBAUTHN_ORIGIN;

  return Object.freeze({
    nodeEnv: settings.NODE_ENV,
    port: settings.PORT,
    host: settings.HOST,
    dataDir,
    databaseUrl: settings.DATABASE_URL,
    redisUrl: settings.REDIS_URL,
    jwt: Object.freeze({
      // A KeyObject, not a string: jsonwebtoken re-derives a key from a string on every call.
      secret: createSecretKey(Buffer.from(jwtSecret, 'utf8')),
      issuer: settings.JWT_ISSUER,
      audience: settings.JWT_AUDIENCE,
      accessTtlSeconds: settings.JWT_ACCESS_TTL,
    }),
    refreshTtlSeconds: settings.REFRESH_TTL,
    owner: Object.freeze({
      username: settings.OWNER_USERNAME,
      password: settings.OWNER_PASSWORD,
      passwordHash: settings.OWNER_PASSWORD_HASH,
    }),
    webauthn: origin ? Object.freeze({ origin, rpId: settings.WEBAUTHN_RP_ID ?? new URL(origin).hostname }) : undefined,
    // A key of its own, derived, so that the setting can be any long string and never is the key.
    mfaKey: createSecretKey(Buffer.from(hkdfSync('sha256', mfaSecret, '', 'lightbox totp secrets', 32))),
    corsOrigins: Object.freeze(settings.CORS_ORIGINS),
    trustProxy: settings.TRUST_PROXY,
    maxUploadBytes: settings.MAX_UPLOAD_MB * 1024 * 1024,
    signup: settings.SIGNUP === 'open' ? Object.freeze({ role: settings.SIGNUP_ROLE }) : undefined,
    logLevel: settings.LOG_LEVEL,
  });
}

const isSet = (value: string | undefined) => value !== undefined && value.trim() !== '';

/** Rules that join several settings, checked even when a single setting is also wrong. */
function crossFieldProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (env['NODE_ENV'] === 'production') {
    if (!isSet(env['JWT_SECRET'])) problems.push('JWT_SECRET: required when NODE_ENV=production');
    if (!isSet(env['OWNER_PASSWORD']) && !isSet(env['OWNER_PASSWORD_HASH'])) {
      problems.push('OWNER_PASSWORD: OWNER_PASSWORD or OWNER_PASSWORD_HASH is required when NODE_ENV=production');
    }
  }
  if (env['NODE_ENV'] === 'production' && !isSet(env['MFA_ENCRYPTION_KEY'])) {
    problems.push('MFA_ENCRYPTION_KEY: required when NODE_ENV=production');
  }
  problems.push(...relyingPartyProblems(env['WEBAUTHN_ORIGIN'], env['WEBAUTHN_RP_ID']));
  if (isSet(env['OWNER_PASSWORD']) && isSet(env['OWNER_PASSWORD_HASH'])) {
    problems.push('OWNER_PASSWORD: set OWNER_PASSWORD or OWNER_PASSWORD_HASH, not both');
  }
  return problems;
}

/**
 * WebAuthn binds every passkey to the RP ID, which must be the origin's host or a domain above it
 * (photos.example.com may use example.com): any other pair would break every passkey.
 */
function relyingPartyProblems(origin: string | undefined, rpId: string | undefined): string[] {
  if (!isSet(rpId)) return [];
  if (!isSet(origin)) return ['WEBAUTHN_RP_ID: set WEBAUTHN_ORIGIN too'];
  let host: string;
  try {
    host = new URL(origin as string).hostname;
  } catch {
    return [];
  }
  const id = (rpId as string).trim();
  return host === id || host.endsWith(`.${id}`) ? [] : [`WEBAUTHN_RP_ID: ${id} is not the host of WEBAUTHN_ORIGIN (${host}) nor a domain above it`];
}

/** A random secret kept in DATA_DIR (mode 0600) so that tokens and TOTP secrets survive a restart in development. */
function developmentSecret(dataDir: string, name: string, setting: string): string {
  const file = join(dataDir, name);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!existsSync(file)) {
    // Written aside, then hard-linked into place: link() is atomic and fails if the file exists,
    // so two instances starting at once agree on one complete secret.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, randomBytes(48).toString('base64url'), { mode: 0o600 });
    try {
      linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(draft);
    }
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (Buffer.byteLength(secret) < 32) {
    throw new ConfigError([`${setting}: ${file} holds fewer than 32 bytes; delete it to have a new one made`]);
  }
  return secret;
}
