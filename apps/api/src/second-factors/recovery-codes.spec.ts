import { RECOVERY_CODE_COUNT, RECOVERY_CODE_PATTERN } from '@lightbox/auth-contracts';
import { newRecoveryCodes, recoveryCodeHash } from './recovery-codes';

describe('recovery codes', () => {
  it('are ten distinct codes of sixteen base32 characters in groups of four', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(RECOVERY_CODE_PATTERN);
  });

  it('are found whatever the case, spaces and dashes typed, and by nothing else', () => {
    const [code] = newRecoveryCodes();
    expect(recoveryCodeHash(` ${code.toLowerCase().replace(/-/g, ' ')} `)).toBe(recoveryCodeHash(code));
    expect(recoveryCodeHash(code.replace(/-/g, ''))).toBe(recoveryCodeHash(code));
    expect(recoveryCodeHash(`${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`)).not.toBe(recoveryCodeHash(code));
  });
});
