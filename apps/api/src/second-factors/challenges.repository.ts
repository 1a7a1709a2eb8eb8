import { Injectable } from '@nestjs/common';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Database } from '../database/database';
import { InjectDatabase } from '../database/database.module';
import { authChallenges, type AuthChallengeRow } from '../database/schema';
import { hashCredential } from '../access/credential-hash';

export type ChallengePurpose = AuthChallengeRow['purpose'];

export interface NewChallenge {
  purpose: ChallengePurpose;
  /** What the client will show again: a WebAuthn challenge, or an `mfa_token`. Kept as SHA-256. */
  secret: string;
  userId?: string;
  sessionId?: string;
  webauthnChallenge?: string;
  expiresAt: Date;
}

/**
 * Ceremonies in flight, in the database so that one begun on one instance ends on any other.
 * Each is found by the SHA-256 of its secret and taken once: of two racing uses, one wins.
 */
@Injectable()
export class ChallengesRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  /** Expired ones are swept by whoever makes the next: the table holds minutes of ceremonies. */
  async create(challenge: NewChallenge): Promise<void> {
    const { secret, ...row } = challenge;
    await this.db.delete(authChallenges).where(lt(authChallenges.expiresAt, new Date(Date.now() - 60_000)));
    await this.db.insert(authChallenges).values({ ...row, idHash: hashCredential(secret) });
  }

  /** The live challenge of `secret`, left in place (an `mfa_token` survives a mistyped code). */
  async find(secret: string, purpose: ChallengePurpose, now: Date): Promise<AuthChallengeRow | undefined> {
    const [row] = await this.db.select().from(authChallenges).where(this.matches(secret, purpose, now));
    return row;
  }

  /** Takes the live challenge of `secret`: no one can use it after this, whatever the outcome. */
  async take(secret: string, purpose: ChallengePurpose, now: Date): Promise<AuthChallengeRow | undefined> {
    const [row] = await this.db.delete(authChallenges).where(this.matches(secret, purpose, now)).returning();
    return row;
  }

  private matches(secret: string, purpose: ChallengePurpose, now: Date) {
    return and(eq(authChallenges.idHash, hashCredential(secret)), eq(authChallenges.purpose, purpose), gt(authChallenges.expiresAt, now));
  }
}
