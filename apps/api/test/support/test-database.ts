import { PGlite } from '@electric-sql/pglite';
import { readFileSync } from 'node:fs';
import type { DatabaseHandle } from '../../src/database/database';
import { openPglite } from '../../src/database/open-database';

/** An in-memory PGlite of this test file's own, already migrated (from the dump of global-setup). */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const dumpFile = process.env['LIGHTBOX_TEST_DB_DUMP'];
  if (!dumpFile) throw new Error('LIGHTBOX_TEST_DB_DUMP is unset: run the tests through the api jest config');
  const client = await PGlite.create({ loadDataDir: new Blob([readFileSync(dumpFile)]) });
  return openPglite(client);
}
