import { createFreshDatabase, FreshDatabase, startApi, checkedFetch } from '@lightbox/test-harness';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

describe('two API processes on one fresh PostgreSQL database', () => {
  let fresh: FreshDatabase;
  let dataDir: string;
  beforeAll(async () => {
    fresh = await createFreshDatabase('lightbox_e2e');
    dataDir = mkdtempSync(join(tmpdir(), 'lightbox-e2e-pg-'));
  });
  afterAll(async () => {
    await fresh.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('both come up when started at the same moment, with one owner between them', async () => {
    const env = {
      DATABASE_URL: fresh.url,
      DATA_DIR: dataDir,
      JWT_SECRET: 'a-shared-secret-for-both-instances-0123',
      OWNER_PASSWORD: 'the owner password for e2e',
    };
    const [a, b] = await Promise.all([startApi(env), startApi(env)]);
    try {
      for (const api of [a, b]) expect((await checkedFetch(`${api.baseUrl}/health/ready`)).status).toBe(200);
      const client = new Client({ connectionString: fresh.url });
      await client.connect();
      const { rows } = await client.query("select count(*)::int as n from users where role = 'owner'");
      await client.end();
      expect(rows[0].n).toBe(1);
    } finally {
      expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);
    }
  });
});
