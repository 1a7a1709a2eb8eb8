import { Injectable } from '@nestjs/common';
import { and, desc, eq, gt, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type { Database } from '../database/database';
import { InjectDatabase } from '../database/database.module';
import { refreshSessions, RefreshSessionRow, refreshTokens } from '../database/schema';

export interface NewSession {
  userId: string;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
}

export type RotationResult =
  | { outcome: 'rotated'; session: RefreshSessionRow }
  /** The token was already rotated once: someone holds a copy. Its family is revoked now, if it was not already. */
  | { outcome: 'reused'; session: RefreshSessionRow }
  /** Unknown, or its session is revoked or past its absolute expiry. */
  | { outcome: 'invalid' };

const live = () => and(isNull(refreshSessions.revokedAt), gt(refreshSessions.expiresAt, sql`now()`));

@Injectable()
export class RefreshSessionsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  create(session: NewSession, tokenHash: string): Promise<RefreshSessionRow> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.insert(refreshSessions).values(session).returning();
      await tx.insert(refreshTokens).values({ tokenHash, sessionId: row.id });
      return row;
    });
  }

  /**
   * Marks the presented token used and stores its successor in one transaction. The conditional
   * UPDATE decides races in the database: of two concurrent rotations of one token exactly one
   * matches `used_at IS NULL`; the other sees a used token, which is reuse.
   */
  rotate(presentedHash: string, nextHash: string): Promise<RotationResult> {
    return this.db.transaction(async (tx) => {
      const [used] = await tx
        .update(refreshTokens)
        .set({ usedAt: sql`now()` })
        .where(
          and(
            eq(refreshTokens.tokenHash, presentedHash),
            isNull(refreshTokens.usedAt),
            inArray(refreshTokens.sessionId, tx.select({ id: refreshSessions.id }).from(refreshSessions).where(live())),
          ),
        )
        .returning({ sessionId: refreshTokens.sessionId });

      if (used) {
        await tx.insert(refreshTokens).values({ tokenHash: nextHash, sessionId: used.sessionId });
        const [session] = await tx
          .update(refreshSessions)
          .set({ lastUsedAt: sql`now()` })
          .where(eq(refreshSessions.id, used.sessionId))
          .returning();
        return { outcome: 'rotated', session };
      }

      const [replayed] = await tx
        .select({ session: refreshSessions })
        .from(refreshTokens)
        .innerJoin(refreshSessions, eq(refreshSessions.id, refreshTokens.sessionId))
        .where(and(eq(refreshTokens.tokenHash, presentedHash), isNotNull(refreshTokens.usedAt)));
      if (!replayed) return { outcome: 'invalid' };

      // A rotated token is reuse whether or not its family is still alive; end the family if it is.
      const [revoked] = await tx
        .update(refreshSessions)
        .set({ revokedAt: sql`now()`, revokedReason: 'reuse' })
        .where(and(eq(refreshSessions.id, replayed.session.id), isNull(refreshSessions.revokedAt)))
        .returning();
      const session = revoked ?? replayed.session;
      return { outcome: 'reused', session };
    });
  }

  /** The live session a (current or rotated) token belongs to, if any. */
  async findLiveByToken(tokenHash: string): Promise<RefreshSessionRow | undefined> {
    const [row] = await this.db
      .select({ session: refreshSessions })
      .from(refreshTokens)
      .innerJoin(refreshSessions, eq(refreshSessions.id, refreshTokens.sessionId))
      .where(and(eq(refreshTokens.tokenHash, tokenHash), live()));
    return row?.session;
  }

  listLive(userId: string): Promise<RefreshSessionRow[]> {
    return this.db
      .select()
      .from(refreshSessions)
      .where(and(eq(refreshSessions.userId, userId), live()))
      .orderBy(desc(refreshSessions.lastUsedAt));
  }

  /** Revokes one of the user's live sessions; false when there is no such live session. */
  async revoke(userId: string, sessionId: string, reason: string): Promise<boolean> {
    const revoked = await this.db
      .update(refreshSessions)
      .set({ revokedAt: sql`now()`, revokedReason: reason })
      .where(and(eq(refreshSessions.id, sessionId), eq(refreshSessions.userId, userId), live()))
      .returning({ id: refreshSessions.id });
    return revoked.length > 0;
  }

  async revokeAll(userId: string, reason: string, except?: string): Promise<number> {
    const revoked = await this.db
      .update(refreshSessions)
      .set({ revokedAt: sql`now()`, revokedReason: reason })
      .where(and(eq(refreshSessions.userId, userId), live(), except ? ne(refreshSessions.id, except) : undefined))
      .returning({ id: refreshSessions.id });
    return revoked.length;
  }
}
