import { randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';

const BODY_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The first 12 characters: shown to tell tokens apart, useless on their own. */
export const TOKEN_PREFIX_LENGTH = 12;

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
 * A secret we issue (an API key, a share link): a prefix that names its kind, 32 random base62
 * characters (190 bits) and 6 base62 characters of the body's CRC32. The checksum lets a typo or
 * a scanner's false positive be refused before any cache or database lookup.
 */
export class ChecksummedToken {
  readonly length: number;
  private readonly shape: RegExp;

  constructor(readonly prefix: string) {
    this.length = prefix.length + BODY_LENGTH + CHECKSUM_LENGTH;
    this.shape = new RegExp(`^${prefix}[0-9A-Za-z]{${BODY_LENGTH + CHECKSUM_LENGTH}}$`);
  }

  generate(): string {
    let body = '';
    for (let i = 0; i < BODY_LENGTH; i++) body += BASE62[randomInt(62)];
    return `${this.prefix}${body}${base62Checksum(body)}`;
  }

  /** The right shape, and a checksum that matches. */
  isWellFormed(token: unknown): token is string {
    if (typeof token !== 'string' || token.length !== this.length || !this.shape.test(token)) return false;
    return base62Checksum(token.slice(this.prefix.length, this.prefix.length + BODY_LENGTH)) === token.slice(-CHECKSUM_LENGTH);
  }
}
