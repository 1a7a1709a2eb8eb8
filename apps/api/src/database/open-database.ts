import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { Database, DatabaseHandle } from './database';
import * as schema from './schema';

/** Migrations are copied beside the built main.js, and live beside this file in the source tree. */
export const MIGRATIONS_DIR = join(__dirname, 'migrations');

/** Any constant shared by every instance: it names the lock that serialises migrations. */
const MIGRATION_LOCK_ID = 0x6c62786d; // "lbxm"

export interface OpenDatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  onPoolError?: (error: Error) => void;
}

/** Opens PostgreSQL when a URL is given, else PGlite on disk in DATA_DIR/db; migrations applied. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.onPoolError);
  const dir = join(options.dataDir, 'db');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return openPglite(await PGlite.create(dir));
}

export async function openPglite(client: PGlite): Promise<DatabaseHandle> {
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder: MIGRATIONS_DIR });
  return {
    kind: 'pglite',
    db: db as unknown as Database,
    ping: (timeoutMs) => withTimeout(client.query('select 1'), timeoutMs),
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

export async function openPostgres(url: string, onPoolError?: (error: Error) => void): Promise<DatabaseHandle> {
  await migratePostgres(url);
  const pool = new Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    // A query the server never answers must give its client back to the pool eventually.
    query_timeout: 30_000,
    statement_timeout: 30_000,
  });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would crash the process.
  pool.on('error', (error) => onPoolError?.(error));
  return {
    kind: 'postgres',
    db: drizzleNodePostgres(pool, { schema }) as unknown as Database,
    ping: (timeoutMs) => withTimeout(pool.query('select 1'), timeoutMs),
    close: () => pool.end(),
  };
}

/** Several instances may start at once: a session-level advisory lock lets one migrate at a time. */
async function migratePostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined); // a lost connection fails the query under way, which is reported
  await client.connect();
  try {
    // Another instance migrating takes seconds; waiting minutes means something is stuck.
    await client.query(`set lock_timeout = '120s'`);
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await migrateNodePostgres(drizzleNodePostgres(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.end(); // ending the session releases the lock too
  }
}

async function withTimeout(query: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
