import { sql } from 'drizzle-orm';
import { openPglite } from '../src/database/open-database';
import { PGlite } from '@electric-sql/pglite';
import type { DatabaseHandle } from '../src/database/database';
import { users } from '../src/database/schema';
import { openTestDatabase } from './support/test-database';

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
    await expect(insertUser('bOB')).rejects.toThrow();
  });

  it('allows at most one owner', async () => {
    await insertUser('first-owner', 'owner');
    await expect(insertUser('second-owner', 'owner')).rejects.toThrow();
  });

  it('refuses an unknown role', async () => {
    await expect(
      database.db.execute(sql`insert into users (username, password_hash, role) values ('eve', 'x', 'root')`),
    ).rejects.toThrow();
  });

  it('is safe to run again on every start', async () => {
    const fresh = new PGlite();
    const first = await openPglite(fresh);
    const again = await openPglite(fresh);
    const { rows } = await fresh.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(rows[0].n).toBeGreaterThan(0);
    await again.db.insert(users).values({ username: 'x', passwordHash: 'x', role: 'viewer' });
    await first.close();
  });
});
