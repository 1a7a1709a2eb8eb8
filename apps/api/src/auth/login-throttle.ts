import type { Clock } from '../clock/clock';
import { normalizeUsername } from '../users/username';

/** Failures allowed per window before a block; per username (any IP) and per client IP. */
export const USERNAME_LIMIT = 5;
export const IP_LIMIT = 20;
export const WINDOW_MS = 60_000;
/** The first block lasts a minute, each further one twice as long, never more than five minutes. */
export const FIRST_BLOCK_MS = 60_000;
export const MAX_BLOCK_MS = 5 * 60_000;
/** After this long without a block, back-off starts again from one minute. */
export const BLOCK_MEMORY_MS = 15 * 60_000;
/** An address a user logged in from this recently is not held back by blocks on their username. */
export const TRUSTED_FOR_MS = 30 * 24 * 3_600_000;
/** Bounds memory under a flood of distinct usernames or addresses. */
const MAX_TRACKED = 50_000;

interface Counter {
  attempts: number[];
  blockedUntil: number;
  blocks: number;
}

/**
 * Login throttling with growing back-off (DESIGN.md §4.3). An attempt is counted when it starts,
 * before argon2 judges it, so parallel guesses cannot slip past the limit. Usernames are counted
 * whether or not they exist. A block is short, forgotten after a quiet spell, and does not apply
 * at addresses the user recently logged in from: a stranger can slow the owner down at worst.
 * In this process (one instance), or in Redis for a deployment: RedisLoginThrottle.
 */
export abstract class LoginThrottle {
  /** Counts an attempt and resolves to 0, or resolves to the seconds to wait and counts nothing. */
  abstract attempt(username: string, ip: string | null): Promise<number>;
  /** The attempt was right: the username starts afresh and this address is trusted for it. */
  abstract succeeded(username: string, ip: string | null): Promise<void>;
}

export class MemoryLoginThrottle extends LoginThrottle {
  private readonly counters = new Map<string, Counter>();
  private readonly trusted = new Map<string, number>();

  constructor(private readonly clock: Clock) {
    super();
  }

  async attempt(username: string, ip: string | null): Promise<number> {
    const now = this.clock.now();
    const userKey = `user:${normalizeUsername(username)}`;
    const ipKey = ip ? `ip:${ip}` : undefined;
    const trustedHere = ip !== null && (this.trusted.get(`${userKey}@${ip}`) ?? 0) > now - TRUSTED_FOR_MS;
    const waits = [trustedHere ? 0 : this.waitFor(userKey, now), ipKey ? this.waitFor(ipKey, now) : 0];
    const wait = Math.max(...waits);
    if (wait > 0) return Math.ceil(wait / 1000);
    this.count(userKey, USERNAME_LIMIT, now);
    if (ipKey) this.count(ipKey, IP_LIMIT, now);
    return 0;
  }

  async succeeded(username: string, ip: string | null): Promise<void> {
    const now = this.clock.now();
    const userKey = `user:${normalizeUsername(username)}`;
    this.counters.delete(userKey);
    if (ip) {
      this.counters.get(`ip:${ip}`)?.attempts.pop();
      makeRoom(this.trusted, () => false);
      this.trusted.set(`${userKey}@${ip}`, now);
    }
  }

  private waitFor(key: string, now: number): number {
    return (this.counters.get(key)?.blockedUntil ?? 0) - now;
  }

  private count(key: string, limit: number, now: number): void {
    let counter = this.counters.get(key);
    if (!counter) {
      counter = { attempts: [], blockedUntil: 0, blocks: 0 };
      makeRoom(this.counters, (held) => held.blockedUntil > now);
      this.counters.set(key, counter);
    }
    if (counter.blocks > 0 && now - counter.blockedUntil > BLOCK_MEMORY_MS) counter.blocks = 0;
    counter.attempts = counter.attempts.filter((at) => at > now - WINDOW_MS);
    counter.attempts.push(now);
    if (counter.attempts.length >= limit) {
      counter.blockedUntil = now + Math.min(FIRST_BLOCK_MS * 2 ** counter.blocks, MAX_BLOCK_MS);
      counter.blocks += 1;
      counter.attempts = [];
    }
  }
}

/** Drops the oldest entry that is not pinned (a running block must not be forgotten). */
function makeRoom<V>(map: Map<string, V>, pinned: (value: V) => boolean): void {
  if (map.size < MAX_TRACKED) return;
  for (const [key, value] of map) {
    if (!pinned(value)) {
      map.delete(key);
      return;
    }
  }
  map.delete(map.keys().next().value as string);
}
