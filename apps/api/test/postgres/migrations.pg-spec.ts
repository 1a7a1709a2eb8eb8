import { createFreshDatabase, FreshDatabase } from '@lightbox/test-harness';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { MIGRATIONS_DIR, openPostgres } from '../../src/database/open-database';
import { users } from '../../src/database/schema';

const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
  entries: unknown[];
};

describe('migrations on PostgreSQL', () => {
  let fresh: FreshDatabase;
  beforeEach(async () => (fresh = await createFreshDatabase()));
  afterEach(() => fresh.drop());

  it('apply once when three instances start at the same moment', async () => {
    const handles = await Promise.all([openPostgres(fresh.url), openPostgres(fresh.url), openPostgres(fresh.url)]);
    try {
      const client = new Client({ connectionString: fresh.url });
      await client.connect();
      const { rows } = await client.query('select count(*)::int as n from drizzle.__drizzle_migrations');
      await client.end();
      expect(rows[0].n).toBe(journal.entries.length);
      await handles[0].db.insert(users).values({ username: 'alice', passwordHash: 'x', role: 'viewer' });
      await expect(
        handles[1].db.insert(users).values({ username: 'ALICE', passwordHash: 'x', role: 'viewer' }),
      ).rejects.toThrow();
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
    }
  });

  it('are a no-op on the next start', async () => {
    await (await openPostgres(fresh.url)).close();
    const again = await openPostgres(fresh.url);
    await again.ping(2_000);
    await again.close();
  });
});
