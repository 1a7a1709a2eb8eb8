import { randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: the token itself is opaque and only its hash is stored (hashCredential). */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}
