import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { and, desc, eq, gt, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Database } from '../database/database';
import { InjectDatabase } from '../database/database.module';
import { refreshSessions, RefreshSessionRow, refreshTokens, UserRow, users } from '../database/schema';

export type NewSession = Pick<RefreshSessionRow, 'userId' | 'expiresAt' | 'userAgent' | 'ip' | 'authenticatedAt' | 'amr'>;

export type RotationResult =
  /** `user` as it was when the session was rotated: the access token carries its token_version. */
  | { outcome: 'rotated'; session: RefreshSessionRow; user: UserRow }
  /** The token was already rotated once: someone holds a copy. Its family is revoked now, if it was not already. */
  | { outcome: 'reused'; session: RefreshSessionRow }
  /** Unknown, or its session is revoked or past its absolute expiry. */
  | { outcome: 'invalid' };

const live = () => and(isNull(refreshSessions.revokedAt), gt(refreshSessions.expiresAt, sql`now()`));

@Injectable()
export class RefreshSessionsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  /**
   * The session and its first token in one statement, atomic by itself: no BEGIN and COMMIT
   * round trips on each login (the token's foreign key is checked when the statement ends).
   */
  async create(session: NewSession, tokenHash: string): Promise<RefreshSessionRow> {
    const id = randomUUID();
    const created = this.db.$with('created').as(this.db.insert(refreshSessions).values({ ...session, id }).returning());
    const token = this.db.$with('token').as(this.db.insert(refreshTokens).values({ tokenHash, sessionId: id }));
    const [row] = await this.db.with(created, token).select().from(created);
    return row;
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
        // Re-checked under the row lock: a revocation that committed meanwhile wins. The lock also
        // holds back a concurrent password change (it ends sessions before it bumps token_version)
        // until this transaction has read the user it issues the access token for.
        const [session] = await tx
          .update(refreshSessions)
          .set({ lastUsedAt: sql`now()` })
          .where(and(eq(refreshSessions.id, used.sessionId), live()))
          .returning();
        if (!session) return { outcome: 'invalid' };
        await tx.insert(refreshTokens).values({ tokenHash: nextHash, sessionId: session.id });
        const [user] = await tx.select().from(users).where(eq(users.id, session.userId));
        return { outcome: 'rotated', session, user };
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

  async isLive(sessionId: string): Promise<boolean> {
    const [row] = await this.db.select({ id: refreshSessions.id }).from(refreshSessions).where(and(eq(refreshSessions.id, sessionId), live()));
    return row !== undefined;
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
}
