import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import type { Clock } from '../clock/clock';

interface Window {
  startedAt: number;
  hits: number;
  blockedUntil: number;
}

/** Bounds memory under a flood of distinct keys (sign-ups are counted per address). */
const MAX_WINDOWS = 50_000;

/**
 * Counters in this process (API-key requests, sign-ups per address): a fixed window from a key's
 * first hit, then a block once it is over its limit, as the Redis storage counts them. One object
 * per key and O(1) per hit: @nestjs/throttler's own memory storage keeps a timestamp per request
 * and filters them all on each one, so a busy key's every request cost more the busier it was.
 */
export class MemoryRateStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly clock: Clock) {}

  async increment(key: string, ttlMs: number, limit: number, blockDurationMs: number): Promise<ThrottlerStorageRecord> {
    const now = this.clock.now();
    let window = this.windows.get(key);
    if (!window || (now >= window.startedAt + ttlMs && now >= window.blockedUntil)) {
      window = { startedAt: now, hits: 0, blockedUntil: 0 };
      if (this.windows.size >= MAX_WINDOWS) this.forgetEnded(now, ttlMs);
      this.windows.set(key, window);
    }
    if (now >= window.blockedUntil) {
      window.hits++;
      if (window.hits > limit) window.blockedUntil = now + blockDurationMs;
    }
    return {
      totalHits: window.hits,
      timeToExpire: Math.ceil((window.startedAt + ttlMs - now) / 1000),
      isBlocked: now < window.blockedUntil,
      timeToBlockExpire: Math.max(0, Math.ceil((window.blockedUntil - now) / 1000)),
    };
  }

  /** Windows that ended (all counted with one ttl per storage) are forgotten; if none has, the oldest. */
  private forgetEnded(now: number, ttlMs: number): void {
    for (const [key, window] of this.windows) {
      if (now >= window.startedAt + ttlMs && now >= window.blockedUntil) this.windows.delete(key);
    }
    if (this.windows.size >= MAX_WINDOWS) this.windows.delete(this.windows.keys().next().value as string);
  }
}
