import type { Role } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { and, asc, eq, getTableColumns, isNull, ne, sql } from 'drizzle-orm';
import type { Database } from '../database/database';
import { InjectDatabase } from '../database/database.module';
import { FOREIGN_KEY_VIOLATION, sqlState } from '../database/sql-state';
import { images, passkeys, refreshSessions, totpFactors, UserRow, users } from '../database/schema';
import { normalizeUsername } from './username';

/** What the guard needs of a token's user. */
export type UserState = Pick<UserRow, 'username' | 'role' | 'active' | 'tokenVersion'>;

export interface NewUser {
  username: string;
  passwordHash: string;
  role: Role;
}

export interface UserChanges {
  role?: Role;
  active?: boolean;
  passwordHash?: string;
  /** Bumps token_version: every access token issued before dies on its next request. */
  revokeTokens?: boolean;
  /** Ends the user's refresh sessions (all but `except`) in the same transaction, before the bump. */
  endSessions?: { reason: string; except?: string };
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async findOwner(): Promise<UserRow | undefined> {
    const [owner] = await this.db.select().from(users).where(eq(users.role, 'owner')).limit(1);
    return owner;
  }

  async findById(id: string): Promise<UserRow | undefined> {
    const [user] = await this.db.select().from(users).where(eq(users.id, id));
    return user;
  }

  /**
   * Usernames are unique whatever their case; `Owner` finds `owner`. The name given is folded
   * here, not by the database's `lower()`, whose folding of non-ASCII depends on its locale.
   */
  async findByUsername(username: string): Promise<UserRow | undefined> {
    const [user] = await this.db
      .select()
      .from(users)
      .where(sql`lower(${users.username}) = ${normalizeUsername(username)}`);
    return user;
  }

  async findState(id: string): Promise<UserState | undefined> {
    const [state] = await this.db
      .select({ username: users.username, role: users.role, active: users.active, tokenVersion: users.tokenVersion })
      .from(users)
      .where(eq(users.id, id));
    return state;
  }

  /** With whether each has a second factor in force: what administrators see of them. */
  list(id?: string): Promise<(UserRow & { secondFactor: boolean })[]> {
    const secondFactor = sql<boolean>`(exists (select 1 from ${passkeys} where ${passkeys.userId} = ${users.id})
      or exists (select 1 from ${totpFactors} where ${totpFactors.userId} = ${users.id} and ${totpFactors.confirmedAt} is not null))`;
    return this.db
      .select({ ...getTableColumns(users), secondFactor })
      .from(users)
      .where(id === undefined ? undefined : eq(users.id, id))
      .orderBy(asc(users.createdAt), asc(users.id));
  }

  /** Inserts unless the username (any case) or the single owner slot is taken; returns the new row if any. */
  async insertIfAbsent(user: NewUser): Promise<UserRow | undefined> {
    const [row] = await this.db.insert(users).values(user).onConflictDoNothing().returning();
    return row;
  }

  /**
   * Sessions end before the token version moves, in one transaction: a refresh racing with it
   * either loses its session or is issued a token with the old version, never a live new one.
   */
  update(id: string, changes: UserChanges): Promise<UserRow | undefined> {
    const { revokeTokens, endSessions, ...columns } = changes;
    return this.db.transaction(async (tx) => {
      if (endSessions) {
        await tx
          .update(refreshSessions)
          .set({ revokedAt: sql`now()`, revokedReason: endSessions.reason })
          .where(
            and(
              eq(refreshSessions.userId, id),
              isNull(refreshSessions.revokedAt),
              endSessions.except ? ne(refreshSessions.id, endSessions.except) : undefined,
            ),
          );
      }
      const [row] = await tx
        .update(users)
        .set({
          ...columns,
          updatedAt: sql`now()`,
          ...(revokeTokens ? { tokenVersion: sql`${users.tokenVersion} + 1` } : {}),
        })
        .where(eq(users.id, id))
        .returning();
      return row;
    });
  }

  async ownsImages(id: string): Promise<boolean> {
    const [row] = await this.db.select({ id: images.id }).from(images).where(eq(images.ownerId, id)).limit(1);
    return row !== undefined;
  }

  /** False when the user owns images after all (one uploaded since the caller checked): the foreign key refuses. */
  async delete(id: string): Promise<boolean> {
    try {
      await this.db.delete(users).where(eq(users.id, id));
      return true;
    } catch (error) {
      if (sqlState(error) === FOREIGN_KEY_VIOLATION) return false;
      throw error;
    }
  }
}
