import { RECOVERY_CODE_COUNT } from '@lightbox/auth-contracts';
import { randomBytes } from 'node:crypto';
import { hashCredential } from '../access/credential-hash';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Ten codes of 80 random bits, `ABCD-EFGH-JKLM-NPQR`: read aloud, typed on a phone. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    let bits = 0;
    let value = 0;
    let code = '';
    for (const byte of bytes) {
      value = (value << 8) | byte;
      bits += 8;
      while (bits >= 5) {
        code += BASE32[(value >>> (bits - 5)) & 31];
        bits -= 5;
      }
    }
    return [0, 4, 8, 12].map((start) => code.slice(start, start + 4)).join('-');
  });
}

/** What is stored and looked up: case, spaces and dashes as typed do not matter. */
export function recoveryCodeHash(code: string): string {
  return hashCredential(code.toUpperCase().replace(/[\s-]/g, ''));
}
