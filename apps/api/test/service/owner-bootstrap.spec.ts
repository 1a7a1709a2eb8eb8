import { verify } from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import type { AppConfig } from '../../src/config/app-config';
import { users } from '../../src/database/schema';
import { OwnerBootstrap } from '../../src/users/owner-bootstrap';
import { PasswordHasher } from '../../src/users/password-hasher';
import { UsersModule } from '../../src/users/users.module';
import { UsersRepository } from '../../src/users/users.repository';
import { TEST_OWNER } from '../support/test-app';
import { startServices, TestServices } from '../support/test-services';

describe('the owner account at start-up', () => {
  let s: TestServices;
  beforeAll(async () => (s = await startServices([UsersModule])));
  beforeEach(() => s.reset());
  afterAll(() => s.close());

  const owners = () => s.database.db.select().from(users).where(eq(users.role, 'owner'));
  /** A start with these owner settings (the rest as configured) on this file's database. */
  const start = (owner: Partial<AppConfig['owner']> = {}) =>
    new OwnerBootstrap({ ...s.config, owner: { ...s.config.owner, ...owner } }, s.get(UsersRepository), s.get(PasswordHasher)).onApplicationBootstrap();

  it('is created with an argon2id hash of OWNER_PASSWORD', async () => {
    await start();
    const [owner, ...others] = await owners();
    expect(others).toEqual([]);
    expect(owner.username).toBe(TEST_OWNER.username);
    expect(owner.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verify(owner.passwordHash, TEST_OWNER.password)).toBe(true);
  });

  it('is left alone by a second start, even with another password configured', async () => {
    await start();
    const before = await owners();
    await start({ password: 'a different password entirely' });
    expect(await owners()).toEqual(before);
  });

  it('is made once when two instances start at the same moment', async () => {
    await Promise.all([start(), start({ username: 'another-owner' })]);
    expect(await owners()).toHaveLength(1);
  });

  it('takes OWNER_PASSWORD_HASH verbatim', async () => {
    const hash = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ';
    await start({ password: undefined, passwordHash: hash });
    expect((await owners())[0].passwordHash).toBe(hash);
  });

  it('gets a generated password, printed once on stderr, when none is configured', async () => {
    const printed: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      await start({ password: undefined });
    } finally {
      write.mockRestore();
    }
    const password = /password: (\S+)/.exec(printed.join(''))?.[1];
    expect(password).toBeDefined();
    expect(await verify((await owners())[0].passwordHash, password as string)).toBe(true);
  });
});
