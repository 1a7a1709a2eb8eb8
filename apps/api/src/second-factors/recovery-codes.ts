import { RECOVERY_CODE_COUNT } from '@lightbox/auth-contracts';
import { Secret } from 'otpauth';
import { hashCredential } from '../access/credential-hash';

/** Ten codes of 80 random bits in base32, `ABCD-EFGH-JKLM-NPQR`: read aloud, typed on a phone. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const code = new Secret({ size: 10 }).base32;
    return [0, 4, 8, 12].map((start) => code.slice(start, start + 4)).join('-');
  });
}

/** What is stored and looked up: case, spaces and dashes as typed do not matter. */
export function recoveryCodeHash(code: string): string {
  return hashCredential(code.toUpperCase().replace(/[\s-]/g, ''));
}
