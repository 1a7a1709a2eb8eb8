import { TOTP_DIGITS } from '@lightbox/auth-contracts';

const TOTP_CODE = new RegExp(`^\\d{${TOTP_DIGITS}}$`);

/** A code as it was meant: without the spaces and dashes authenticator apps show in it ("123 456"). */
export function typedCode(value: string): string {
  return value.replace(/[\s-]+/g, '');
}

/**
 * What is wrong with a code (already through typedCode) before it is sent, or null: a slip is
 * caught before it costs an attempt.
 */
export function codeProblem(kind: 'totp' | 'recovery_code', code: string): string | null {
  if (kind === 'totp') return TOTP_CODE.test(code) ? null : `Enter the ${TOTP_DIGITS} digits your app shows.`;
  return code ? null : 'Enter one of your recovery codes.';
}
