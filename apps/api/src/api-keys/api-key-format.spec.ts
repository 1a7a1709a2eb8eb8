import { randomBytes } from 'node:crypto';
import { API_KEY_LENGTH, base62Checksum, hasValidChecksum } from './api-key-format';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const randomBody = () => [...randomBytes(32)].map((byte) => BASE62[byte % 62]).join('');
const keyOf = (body: string) => `lbx_${body}${base62Checksum(body)}`;

describe('API key checksum', () => {
  it('accepts a key whose last six characters are the CRC32 of its body', () => {
    const key = keyOf(randomBody());
    expect(key).toHaveLength(API_KEY_LENGTH);
    expect(hasValidChecksum(key)).toBe(true);
  });

  it('matches the CRC32 of a known string', () => {
    // CRC32("123456789") = 0xCBF43926 = 3421780262, which is "3jZRME" in base62
    expect(base62Checksum('123456789')).toBe('3jZRME');
  });

  it('refuses a key with any one character changed', () => {
    const key = keyOf(randomBody());
    for (let i = 4; i < key.length; i++) {
      const changed = key.slice(0, i) + (key[i] === 'a' ? 'b' : 'a') + key.slice(i + 1);
      expect(hasValidChecksum(changed)).toBe(false);
    }
  });

  it.each(['', 'lbx_', 'LBX_' + 'a'.repeat(38), 'lbx_' + 'a'.repeat(37), 'lbx_' + '-'.repeat(38), 42, null, ['lbx_']])(
    'refuses %j',
    (value) => expect(hasValidChecksum(value)).toBe(false),
  );
});
