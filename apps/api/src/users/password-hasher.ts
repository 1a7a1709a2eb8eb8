import { hash, verify } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';

/** argon2id with the OWASP parameters of DESIGN.md §2 (`Algorithm.Argon2id` is a const enum: 2). */
const ARGON2ID = 2;
export const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const CURRENT_PREFIX = `$argon2id$v=19$m=${ARGON2_OPTIONS.memoryCost},t=${ARGON2_OPTIONS.timeCost},p=${ARGON2_OPTIONS.parallelism}$`;

/** Hashes and verifies on libuv's thread pool: the event loop never waits for argon2. */
@Injectable()
export class PasswordHasher {
  hash(password: string): Promise<string> {
    return hash(password, ARGON2_OPTIONS);
  }

  /** True for a hash made with other (older, weaker) parameters than today's. */
  needsRehash(passwordHash: string): boolean {
    return !passwordHash.startsWith(CURRENT_PREFIX);
  }

  /** False for a wrong password and for a malformed hash alike. */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }
}
