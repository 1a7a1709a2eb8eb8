import { rmSync } from 'node:fs';

export default function globalTeardown(): void {
  const dump = process.env['LIGHTBOX_TEST_DB_DUMP'];
  if (dump) rmSync(dump, { force: true });
}
