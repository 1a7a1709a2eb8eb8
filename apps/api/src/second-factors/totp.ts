import { TOTP_DIGITS, TOTP_PERIOD_SECONDS } from '@lightbox/auth-contracts';
import { Secret, TOTP } from 'otpauth';

const ISSUER = 'Lightbox';
/** RFC 6238 §5.2: one step either side, for a phone's clock and the time it takes to type. */
const WINDOW = 1;

function totpOf(secret: string, label = ''): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}

/** 160 random bits (RFC 4226 §4's recommendation), base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUri(secret: string, username: string): string {
  return totpOf(secret, username).toString();
}

/**
 * The time step `code` is right for, within one step of `nowMs`, or undefined. The step, not a
 * yes: the caller accepts each step once, so a code seen over a shoulder is worth nothing after.
 */
export function matchingStep(secret: string, code: string, nowMs: number): number | undefined {
  const delta = totpOf(secret).validate({ token: code, timestamp: nowMs, window: WINDOW });
  return delta === null ? undefined : Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS) + delta;
}
