import { Injectable } from '@nestjs/common';

/** Failures allowed per window before a block; per username (any IP) and per client IP. */
const USERNAME_LIMIT = 5;
const IP_LIMIT = 20;
const WINDOW_MS = 60_000;
/** The first block lasts a minute, each further one twice as long, never more than five minutes. */
const FIRST_BLOCK_MS = 60_000;
const MAX_BLOCK_MS = 5 * 60_000;
/** Bounds memory under a flood of distinct usernames or addresses. */
const MAX_TRACKED = 50_000;

interface Counter {
  failures: number[];
  blockedUntil: number;
  blocks: number;
}

/**
 * Login throttling with growing back-off (DESIGN.md §4.3). Usernames are counted whether or not
 * they exist, so the answer tells nothing. A block is short and capped: a stranger can slow the
 * owner's logins down, never lock them out for long.
 */
@Injectable()
export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();

  /** Seconds to wait before another attempt may be judged, or 0 when it may go ahead now. */
  retryAfter(username: string, ip: string | null, now = Date.now()): number {
    const waits = this.keys(username, ip).map((key) => (this.counters.get(key)?.blockedUntil ?? 0) - now);
    return Math.max(0, Math.ceil(Math.max(...waits) / 1000));
  }

  recordFailure(username: string, ip: string | null, now = Date.now()): void {
    const [userKey, ipKey] = this.keys(username, ip);
    this.count(userKey, USERNAME_LIMIT, now);
    if (ipKey) this.count(ipKey, IP_LIMIT, now);
  }

  /** A correct password clears the username's record (the IP's failures still stand). */
  recordSuccess(username: string): void {
    this.counters.delete(this.keys(username, null)[0]);
  }

  private keys(username: string, ip: string | null): string[] {
    const keys = [`user:${username.toLowerCase()}`];
    if (ip) keys.push(`ip:${ip}`);
    return keys;
  }

  private count(key: string, limit: number, now: number): void {
    const counter = this.counters.get(key) ?? this.track(key);
    counter.failures = counter.failures.filter((at) => at > now - WINDOW_MS);
    counter.failures.push(now);
    if (counter.failures.length >= limit) {
      counter.blockedUntil = now + Math.min(FIRST_BLOCK_MS * 2 ** counter.blocks, MAX_BLOCK_MS);
      counter.blocks += 1;
      counter.failures = [];
    }
  }

  private track(key: string): Counter {
    if (this.counters.size >= MAX_TRACKED) this.counters.delete(this.counters.keys().next().value as string);
    const counter: Counter = { failures: [], blockedUntil: 0, blocks: 0 };
    this.counters.set(key, counter);
    return counter;
  }
}
