import { hash } from 'node:crypto';

/**
 * How a random secret we issue (an API key, a refresh token) is stored and looked up: SHA-256,
 * hex. Enough for secrets of 128 bits and more, which no one can guess at; passwords, which people
 * choose, get argon2 instead (PasswordHasher).
 */
export function hashCredential(secret: string): string {
  // One-shot: a third of createHash's cost, on every API-key request.
  return hash('sha256', secret, 'hex');
}
