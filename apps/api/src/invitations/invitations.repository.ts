import type { Role } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { and, desc, eq, getTableColumns, gt, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../database/database';
import { InjectDatabase } from '../database/database.module';
import { InvitationRow, invitations, UserRow, users } from '../database/schema';

export type NewInvitation = typeof invitations.$inferInsert;

/** An invitation with who made it (as they are now: their role bounds what it can still give) and who used it. */
export interface InvitationDetails extends InvitationRow {
  creatorUsername: string;
  creatorRole: Role;
  creatorActive: boolean;
  usedByUsername: string | null;
}

export type AcceptOutcome = { outcome: 'joined'; user: UserRow } | { outcome: 'spent' } | { outcome: 'username_taken' };

const creators = alias(users, 'creators');
const joiners = alias(users, 'joiners');

const details = {
  ...getTableColumns(invitations),
  creatorUsername: creators.username,
  creatorRole: creators.role,
  creatorActive: creators.active,
  usedByUsername: joiners.username,
};

/** Thrown inside the accept transaction to undo the invitation's spending when the username is taken. */
class UsernameTaken extends Error {}

@Injectable()
export class InvitationsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async insert(invitation: NewInvitation): Promise<string> {
    const [{ id }] = await this.db.insert(invitations).values(invitation).returning({ id: invitations.id });
    return id;
  }

  async findById(id: string): Promise<InvitationDetails | undefined> {
    const [row] = await this.withDetails().where(eq(invitations.id, id));
    return row;
  }

  async findByTokenHash(tokenHash: string): Promise<InvitationDetails | undefined> {
    const [row] = await this.withDetails().where(eq(invitations.tokenHash, tokenHash));
    return row;
  }

  page(after: { createdAt: Date; id: string } | undefined, limit: number): Promise<InvitationDetails[]> {
    return this.withDetails()
      .where(after ? sql`(${invitations.createdAt}, ${invitations.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined)
      .orderBy(desc(invitations.createdAt), desc(invitations.id))
      .limit(limit);
  }

  /** False when it was used or revoked already: a spent invitation stays as it was. */
  async revoke(id: string, at: Date): Promise<boolean> {
    const revoked = await this.db
      .update(invitations)
      .set({ revokedAt: at, updatedAt: sql`now()` })
      .where(and(eq(invitations.id, id), isNull(invitations.usedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id });
    return revoked.length > 0;
  }

  /**
   * Spends the invitation and creates its person in one transaction. The conditional UPDATE comes
   * first and takes the row's lock: of two accepts racing on one token, the second finds it used
   * and creates no one. A taken username undoes the spending, so the invitation can be used again.
   */
  async accept(id: string, person: { username: string; passwordHash: string; role: Role }, now: Date): Promise<AcceptOutcome> {
    try {
      return await this.db.transaction(async (tx) => {
        const spent = await tx
          .update(invitations)
          .set({ usedAt: now, updatedAt: sql`now()` })
          .where(and(eq(invitations.id, id), isNull(invitations.usedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
          .returning({ id: invitations.id });
        if (spent.length === 0) return { outcome: 'spent' as const };
        const [user] = await tx.insert(users).values(person).onConflictDoNothing().returning();
        if (!user) throw new UsernameTaken();
        await tx.update(invitations).set({ usedBy: user.id }).where(eq(invitations.id, id));
        return { outcome: 'joined' as const, user };
      });
    } catch (error) {
      if (error instanceof UsernameTaken) return { outcome: 'username_taken' };
      throw error;
    }
  }

  private withDetails() {
    return this.db
      .select(details)
      .from(invitations)
      .innerJoin(creators, eq(creators.id, invitations.createdBy))
      .leftJoin(joiners, eq(joiners.id, invitations.usedBy))
      .$dynamic();
  }
}
