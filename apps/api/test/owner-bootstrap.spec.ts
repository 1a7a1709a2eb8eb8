import { verify } from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import { users } from '../src/database/schema';
import { startTestApp, TEST_OWNER, TestApp } from './support/test-app';

const ownersOf = (t: TestApp) => t.database.db.select().from(users).where(eq(users.role, 'owner'));

describe('the owner account', () => {
  it('is created at start-up with an argon2id hash of OWNER_PASSWORD', async () => {
    const t = await startTestApp();
    try {
      const owners = await ownersOf(t);
      expect(owners).toHaveLength(1);
      expect(owners[0].username).toBe(TEST_OWNER.username);
      expect(owners[0].passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await verify(owners[0].passwordHash, TEST_OWNER.password)).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('is left alone by a second start, even with another password configured', async () => {
    const first = await startTestApp();
    const second = await startTestApp({
      database: first.database,
      env: { OWNER_PASSWORD: 'a different password entirely' },
    });
    try {
      expect(await ownersOf(second)).toEqual(await ownersOf(first));
      expect(await verify((await ownersOf(second))[0].passwordHash, TEST_OWNER.password)).toBe(true);
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('takes OWNER_PASSWORD_HASH verbatim', async () => {
    const hash = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ';
    const t = await startTestApp({ env: { OWNER_PASSWORD: '', OWNER_PASSWORD_HASH: hash } });
    try {
      const [owner] = await ownersOf(t);
      expect(owner.passwordHash).toBe(hash);
    } finally {
      await t.close();
    }
  });

  it('gets a generated password, printed once, when none is configured', async () => {
    const printed: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    const t = await startTestApp({ env: { OWNER_PASSWORD: '' } });
    try {
      write.mockRestore();
      const banner = printed.join('');
      const password = /password: (\S+)/.exec(banner)?.[1];
      expect(password).toBeDefined();
      const [owner] = await ownersOf(t);
      expect(await verify(owner.passwordHash, password as string)).toBe(true);
    } finally {
      write.mockRestore();
      await t.close();
    }
  });
});
