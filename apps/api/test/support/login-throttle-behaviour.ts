import {
  BLOCK_MEMORY_MS,
  FIRST_BLOCK_MS,
  IP_LIMIT,
  type LoginThrottle,
  MAX_BLOCK_MS,
  TRUSTED_FOR_MS,
  USERNAME_LIMIT,
  WINDOW_MS,
} from '../../src/auth/login-throttle';
import { TestClock } from './test-clock';

export interface ThrottleUnderTest {
  throttle: LoginThrottle;
  clock: TestClock;
}

/**
 * The login throttle's behaviour (DESIGN.md §4.3), one suite for every implementation: in memory
 * (src/auth/login-throttle.spec.ts) and in Redis (test/redis). Each test uses names and addresses
 * of its own, so that a shared Redis needs no flushing.
 */
export function describeLoginThrottle(name: string, make: (clock: TestClock) => Promise<ThrottleUnderTest>, close: () => Promise<void> = async () => undefined): void {
  describe(`the login throttle (${name})`, () => {
    let under: ThrottleUnderTest;
    let made = 0;
    beforeEach(async () => (under = await make(new TestClock(true))));
    afterAll(close);

    // Names and addresses never used before, in this run or (a shared Redis) an earlier one.
    const unique = () => `${process.pid}-${Date.now().toString(36)}-${++made}`;
    const user = (label = 'u') => `${label}-${unique()}`;
    // The throttle keys on the address as the request context gives it: any distinct string will do.
    const address = () => `client-${unique()}`;
    /** The answers to `n` attempts in a row: 0 for counted, else the seconds to wait. */
    const attempts = async (n: number, username: string, ip: string | null) => {
      const waits: number[] = [];
      for (let i = 0; i < n; i++) waits.push(await under.throttle.attempt(username, ip));
      return waits;
    };

    it(`lets ${USERNAME_LIMIT} attempts at one username through, then blocks it for a minute from any address`, async () => {
      const name = user();
      const waits = await attempts(USERNAME_LIMIT + 1, name, address());
      expect(waits.slice(0, USERNAME_LIMIT)).toEqual(Array(USERNAME_LIMIT).fill(0));
      expect(waits[USERNAME_LIMIT]).toBe(FIRST_BLOCK_MS / 1000);
      expect(await under.throttle.attempt(name.toUpperCase(), address())).toBeGreaterThan(0);
      expect(await under.throttle.attempt(name, null)).toBeGreaterThan(0);
    });

    it('forgets attempts older than the window', async () => {
      const name = user();
      await attempts(USERNAME_LIMIT - 1, name, null);
      under.clock.advance(WINDOW_MS + 1);
      expect(await attempts(USERNAME_LIMIT - 1, name, null)).toEqual(Array(USERNAME_LIMIT - 1).fill(0));
    });

    it('doubles each further block up to five minutes, and starts again after a quiet spell', async () => {
      const name = user();
      const blockLengths: number[] = [];
      for (let block = 0; block < 5; block++) {
        await attempts(USERNAME_LIMIT, name, null);
        const wait = await under.throttle.attempt(name, null);
        blockLengths.push(wait);
        under.clock.advance(wait * 1000);
      }
      expect(blockLengths).toEqual([60, 120, 240, 300, 300].map((s) => s * (FIRST_BLOCK_MS / 60_000)));
      expect(Math.max(...blockLengths)).toBe(MAX_BLOCK_MS / 1000);

      under.clock.advance(BLOCK_MEMORY_MS + 1);
      await attempts(USERNAME_LIMIT, name, null);
      expect(await under.throttle.attempt(name, null)).toBe(FIRST_BLOCK_MS / 1000);
    });

    it(`limits one address to ${IP_LIMIT} attempts whatever the usernames`, async () => {
      const ip = address();
      const waits: number[] = [];
      for (let i = 0; i <= IP_LIMIT; i++) waits.push(await under.throttle.attempt(user(`spray${i}`), ip));
      expect(waits.slice(0, IP_LIMIT)).toEqual(Array(IP_LIMIT).fill(0));
      expect(waits[IP_LIMIT]).toBeGreaterThan(0);
      expect(await under.throttle.attempt(user('elsewhere'), address())).toBe(0);
    });

    it('starts a username afresh after a success, and trusts that address for it while others are blocked', async () => {
      const name = user();
      const home = address();
      await under.throttle.succeeded(name, home);
      await attempts(USERNAME_LIMIT, name, address());
      expect(await under.throttle.attempt(name, address())).toBeGreaterThan(0);
      expect(await under.throttle.attempt(name, home)).toBe(0);
      expect(await under.throttle.attempt(name, null)).toBeGreaterThan(0);

      under.clock.advance(TRUSTED_FOR_MS + 1);
      await attempts(USERNAME_LIMIT, name, address());
      expect(await under.throttle.attempt(name, home)).toBeGreaterThan(0);
    });

    it('does not count a success against the address', async () => {
      const ip = address();
      for (let i = 0; i < IP_LIMIT * 2; i++) {
        const name = user(`ok${i}`);
        expect(await under.throttle.attempt(name, ip)).toBe(0);
        await under.throttle.succeeded(name, ip);
      }
    });
  });
}
