import { TOTP_DIGITS } from '@lightbox/auth-contracts';

const TOTP_CODE = new RegExp(`^\\d{${TOTP_DIGITS}}$`);

/** A code as it was meant: without the spaces and dashes authenticator apps show in it ("123 456"). */
export function typedCode(value: string): string {
  return value.replace(/[\s-]+/g, '');
}

/** Whether `code` (already through typedCode) is shaped like a TOTP code, so a slip is caught before it costs an attempt. */
export function isTotpCode(code: string): boolean {
  return TOTP_CODE.test(code);
}

export const TOTP_CODE_HINT = `Enter the ${TOTP_DIGITS} digits your app shows.`;
