import { ROLE_SCOPES, type Role, type Scope } from '@lightbox/auth-contracts';
import { type DynamicModule, type Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { sql } from 'drizzle-orm';
import { rmSync } from 'node:fs';
import { ClockModule } from '../../src/clock/clock.module';
import type { UserPrincipal } from '../../src/access/principal';
import type { AppConfig } from '../../src/config/app-config';
import { ConfigModule } from '../../src/config/config.module';
import type { DatabaseHandle } from '../../src/database/database';
import { DatabaseModule } from '../../src/database/database.module';
import { Invalidations } from '../../src/redis/invalidations';
import { RedisModule } from '../../src/redis/redis.module';
import { PasswordHasher } from '../../src/users/password-hasher';
import { UsersRepository } from '../../src/users/users.repository';
import { TestClock } from './test-clock';
import { openTestDatabase } from './test-database';
import { testConfig } from './test-app';

/** The service tier: one domain's modules, real repositories on this file's own PGlite, no HTTP. */
export interface TestServices {
  readonly module: TestingModule;
  readonly database: DatabaseHandle;
  readonly config: AppConfig;
  readonly clock: TestClock;
  get<T>(type: Type<T>): T;
  /** Empties every table and every cache, so that each test starts afresh without opening a database. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts `imports` (a domain module and what it imports) on one PGlite for the whole file; call
 * `reset()` in `beforeEach`: it also removes the owner that start-up made, so each test creates
 * what it needs.
 */
export async function startServices(imports: (Type | DynamicModule)[], env: Record<string, string> = {}): Promise<TestServices> {
  const config = testConfig(env);
  const database = await openTestDatabase();
  const clock = new TestClock();
  const module = await Test.createTestingModule({
    imports: [ClockModule.forRoot(clock), ConfigModule.forRoot(config), DatabaseModule.forRoot(database), RedisModule.forRoot(undefined), ...imports],
  }).compile();
  await module.init();
  return {
    module,
    database,
    config,
    clock,
    get: (type) => module.get(type),
    async reset() {
      await database.db.execute(sql`TRUNCATE users, refresh_sessions, refresh_tokens, api_keys, images, audit_events CASCADE`);
      module.get(Invalidations).dropAll();
    },
    async close() {
      await module.close();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A person stored with `role`, as the guard would see them: named `<role>-<random>` unless told,
 * with a hash no password matches unless one is given (hashing costs: most tests never log in).
 */
export async function storePerson(
  s: TestServices,
  role: Role,
  { username = `${role}-${Math.random().toString(36).slice(2, 10)}`, scopes = ROLE_SCOPES[role], password }: { username?: string; scopes?: readonly Scope[]; password?: string } = {},
): Promise<UserPrincipal> {
  const passwordHash = password === undefined ? '$argon2id$unused' : await s.get(PasswordHasher).hash(password);
  const row = await s.get(UsersRepository).insertIfAbsent({ username, role, passwordHash });
  if (!row) throw new Error(`${username} not created`);
  return { kind: 'user', userId: row.id, username: row.username, scopes };
}
