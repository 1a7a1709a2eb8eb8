import type { SignupRole } from '@lightbox/auth-contracts';
import type { KeyObject } from 'node:crypto';

export type NodeEnv = 'development' | 'production' | 'test';
export type TrustProxy = boolean | number | string[];
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * The typed, validated settings, read once at start-up by `loadConfig`.
 * An abstract class so that it can be injected by type; the value is a frozen plain object.
 */
export abstract class AppConfig {
  abstract readonly nodeEnv: NodeEnv;
  abstract readonly port: number;
  abstract readonly host: string;
  abstract readonly dataDir: string;
  abstract readonly databaseUrl: string | undefined;
  abstract readonly redisUrl: string | undefined;
  abstract readonly jwt: {
    readonly secret: KeyObject;
    readonly issuer: string;
    readonly audience: string;
    readonly accessTtlSeconds: number;
  };
  abstract readonly refreshTtlSeconds: number;
  abstract readonly owner: {
    readonly username: string;
    /** Set when OWNER_PASSWORD is; else a password is generated when the owner is first created (dev only). */
    readonly password: string | undefined;
    readonly passwordHash: string | undefined;
  };
  /**
   * The WebAuthn relying party. Unset in development and tests: each ceremony takes the origin
   * the request was served on. Unset in production: passkeys are off.
   */
  abstract readonly webauthn: { readonly rpId: string; readonly origin: string } | undefined;
  /** AES-256-GCM key for TOTP secrets at rest, derived from MFA_ENCRYPTION_KEY. */
  abstract readonly mfaKey: KeyObject;
  abstract readonly corsOrigins: readonly string[];
  abstract readonly trustProxy: TrustProxy;
  abstract readonly maxUploadBytes: number;
  /** Who may make an account without an invitation: nobody (`SIGNUP=off`/`invite`), or anyone, with this role. */
  abstract readonly signup: { readonly role: SignupRole } | undefined;
  abstract readonly logLevel: LogLevel;
}
