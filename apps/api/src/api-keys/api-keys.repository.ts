import type { Scope } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../database/database';
import { InjectDatabase } from '../database/database.module';
import { apiKeys, ApiKeyRow } from '../database/schema';

export interface NewApiKey {
  userId: string;
  name: string;
  prefix: string;
  keyHash: string;
  scopes: Scope[];
  expiresAt: Date | null;
  rateLimitPerMinute?: number;
  rotatedFrom?: string;
}

export interface ApiKeyChanges {
  name?: string;
  scopes?: Scope[];
  expiresAt?: Date | null;
}

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async insert(key: NewApiKey): Promise<ApiKeyRow> {
    const [row] = await this.db.insert(apiKeys).values(key).returning();
    return row;
  }

  async findByHash(keyHash: string): Promise<ApiKeyRow | undefined> {
    const [row] = await this.db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash));
    return row;
  }

  async findById(id: string): Promise<ApiKeyRow | undefined> {
    const [row] = await this.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    return row;
  }

  /** Newest first; one user's keys, or everyone's when `userId` is undefined. */
  list(userId: string | undefined): Promise<ApiKeyRow[]> {
    return this.db
      .select()
      .from(apiKeys)
      .where(userId ? eq(apiKeys.userId, userId) : undefined)
      .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  }

  async update(id: string, changes: ApiKeyChanges): Promise<ApiKeyRow | undefined> {
    const [row] = await this.db.update(apiKeys).set(changes).where(eq(apiKeys.id, id)).returning();
    return row;
  }

  /** Revokes at `at` (now, or a rotation's grace end) unless it is already revoked sooner. */
  async revoke(id: string, at: Date): Promise<ApiKeyRow | undefined> {
    const [row] = await this.db
      .update(apiKeys)
      .set({ revokedAt: at })
      .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.revokedAt), sql`${apiKeys.revokedAt} > ${at}`)))
      .returning();
    return row;
  }

  /** Revokes every key of a user now (deactivation); returns their ids. */
  async revokeAllOf(userId: string): Promise<string[]> {
    const rows = await this.db
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiKeys.userId, userId), or(isNull(apiKeys.revokedAt), sql`${apiKeys.revokedAt} > now()`)))
      .returning({ id: apiKeys.id });
    return rows.map((row) => row.id);
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
  }
}
