import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open database: the drizzle handle plus what the app needs of the connection itself. */
export abstract class DatabaseHandle {
  abstract readonly kind: 'pglite' | 'postgres';
  abstract readonly db: Database;
  /** Resolves when the database answers a trivial query within `timeoutMs`; rejects otherwise. */
  abstract ping(timeoutMs: number): Promise<void>;
  abstract close(): Promise<void>;
}
