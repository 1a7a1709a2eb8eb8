import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: the token itself is opaque and only its hash is stored. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
