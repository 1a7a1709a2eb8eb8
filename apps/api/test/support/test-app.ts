import { createFreshDatabase } from '@lightbox/test-harness';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import supertest from 'supertest';
import type { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { createApp } from '../../src/create-app';
import type { DatabaseHandle } from '../../src/database/database';
import { openPostgres } from '../../src/database/open-database';
import { watchContract } from './contract-watch';
import { TestClock } from './test-clock';
import { openTestDatabase } from './test-database';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256';
export const TEST_OWNER = { username: 'owner', password: 'a well-kept gallery secret' } as const;

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof supertest>;
  config: AppConfig;
  database: DatabaseHandle;
  /** The app's clock: move it rather than wait. */
  clock: TestClock;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  database?: DatabaseHandle;
  logStream?: DestinationStream;
  webRoot?: string;
  /** A clock that moves only when the test advances it: for edges judged to the second. */
  stoppedClock?: boolean;
}

/** The settings of every test: a data dir of its own (the caller removes it), silence, the test owner. */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'lightbox-test-')),
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    OWNER_USERNAME: TEST_OWNER.username,
    OWNER_PASSWORD: TEST_OWNER.password,
    ...env,
  });
}

/** The whole application on its own database and data dir, driven over real HTTP by supertest. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const config = testConfig(options.env);
  const database = options.database ?? (await openTestDatabase());
  const clock = new TestClock(options.stoppedClock);
  const app = await createApp({ config, database, clock, logStream: options.logStream, webRoot: options.webRoot }).catch(
    async (error: unknown) => {
      await database.close();
      throw error;
    },
  );
  const contract = watchContract(app.getHttpServer());
  return {
    app,
    http: supertest(app.getHttpServer()),
    config,
    database,
    clock,
    async close() {
      await app.close();
      rmSync(config.dataDir, { recursive: true, force: true });
      const violations = contract.violations();
      if (violations.length > 0) throw new Error(`Answers the OpenAPI document does not allow:\n${violations.join('\n')}`);
    },
  };
}

/** The whole application on a fresh database of the PostgreSQL server (DATABASE_URL), dropped on close. */
export async function startTestAppOnPostgres(options: Omit<TestAppOptions, 'database'> = {}): Promise<TestApp> {
  const fresh = await createFreshDatabase();
  const t = await startTestApp({ ...options, database: await openPostgres(fresh.url) });
  return {
    ...t,
    async close() {
      try {
        await t.close();
      } finally {
        await fresh.drop();
      }
    },
  };
}
