import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh in-memory PGlite costs seconds and hundreds of MB; migrating one once and loading its
 * dump in each test file costs a fraction of that. (Jest loads this file outside the test
 * module system, without the workspace's path aliases, so it cannot import the app itself;
 * each test file's openTestDatabase() then runs the app's own migrate, which finds nothing to do.)
 */
export default async function globalSetup(): Promise<void> {
  const client = new PGlite();
  await migrate(drizzle(client), { migrationsFolder: join(__dirname, '../../src/database/migrations') });
  const dump = await client.dumpDataDir('none');
  const file = join(tmpdir(), `lightbox-test-db-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await client.close();
  process.env['LIGHTBOX_TEST_DB_DUMP'] = file;
}

