import { randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** `lbx_` + 32 random base62 characters + 6 base62 characters of the body's CRC32. */
export const API_KEY_PREFIX = 'lbx_';
const BODY_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
export const API_KEY_LENGTH = API_KEY_PREFIX.length + BODY_LENGTH + CHECKSUM_LENGTH;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SHAPE = /^lbx_[0-9A-Za-z]{38}$/;

export function base62Checksum(body: string): string {
  let value = crc32(body);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/**
 * True when the key has the right shape and its checksum matches: a typo or a scanner's false
 * positive is refused here, before any cache or database lookup.
 */
export function hasValidChecksum(key: unknown): boolean {
  if (typeof key !== 'string' || key.length !== API_KEY_LENGTH || !SHAPE.test(key)) return false;
  const body = key.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + BODY_LENGTH);
  return base62Checksum(body) === key.slice(-CHECKSUM_LENGTH);
}

/** The first 12 characters: shown to tell keys apart, useless on their own. */
export const API_KEY_PREFIX_LENGTH = 12;

export function generateApiKey(): string {
  let body = '';
  for (let i = 0; i < BODY_LENGTH; i++) body += BASE62[randomInt(62)];
  return `${API_KEY_PREFIX}${body}${base62Checksum(body)}`;
}
