import { ChecksummedToken, TOKEN_PREFIX_LENGTH } from '../access/checksummed-token';

export { base62Checksum } from '../access/checksummed-token';

/** `lbx_` + 32 random base62 characters + 6 of the body's CRC32 (see ChecksummedToken). */
const API_KEY = new ChecksummedToken('lbx_');

export const API_KEY_LENGTH = API_KEY.length;
export const API_KEY_PREFIX_LENGTH = TOKEN_PREFIX_LENGTH;

/** True when the key has the right shape and its checksum matches. */
export function hasValidChecksum(key: unknown): boolean {
  return API_KEY.isWellFormed(key);
}

export function generateApiKey(): string {
  return API_KEY.generate();
}
