import { sql } from 'drizzle-orm';
import { openPglite } from '../../src/database/open-database';
import { PGlite } from '@electric-sql/pglite';
import type { DatabaseHandle } from '../../src/database/database';
import { users } from '../../src/database/schema';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from '../../src/database/open-database';
import { openTestDatabase } from '../support/test-database';

const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };

describe('migrations on PGlite', () => {
  let database: DatabaseHandle;
  beforeAll(async () => (database = await openTestDatabase()));
  afterAll(() => database.close());

  const insertUser = (username: string, role: 'owner' | 'viewer' = 'viewer') =>
    database.db.insert(users).values({ username, passwordHash: 'x', role });

  it('creates the users table with its defaults', async () => {
    const [row] = await insertUser('alice').returning();
    expect(row).toMatchObject({ username: 'alice', role: 'viewer', active: true, tokenVersion: 0 });
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.createdAt).toBeInstanceOf(Date);
  });

  it('treats usernames case-insensitively', async () => {
    await insertUser('Bob');
    await expect(insertUser('bOB')).rejects.toMatchObject({ cause: { code: '23505', constraint: 'users_username_lower_key' } });
  });

  it('allows at most one owner', async () => {
    await insertUser('first-owner', 'owner');
    await expect(insertUser('second-owner', 'owner')).rejects.toMatchObject({
      cause: { code: '23505', constraint: 'users_single_owner_key' },
    });
  });

  it('refuses an unknown role', async () => {
    await expect(
      database.db.execute(sql`insert into users (username, password_hash, role) values ('eve', 'x', 'root')`),
    ).rejects.toMatchObject({ cause: { code: '23514', constraint: 'users_role_check' } });
  });

  it('is safe to run again on every start', async () => {
    const fresh = new PGlite();
    const first = await openPglite(fresh);
    const again = await openPglite(fresh);
    const { rows } = await fresh.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(rows[0].n).toBe(journal.entries.length);
    await again.db.insert(users).values({ username: 'x', passwordHash: 'x', role: 'viewer' });
    await first.close();
  });
});
