import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import type { Clock } from '../clock/clock';

interface Window {
  startedAt: number;
  hits: number;
  blockedUntil: number;
}

/**
 * API-key request counters in this process: a fixed window from a key's first request, then a
 * block once it is over its limit, as the Redis storage counts them. One object per key and O(1)
 * per request: @nestjs/throttler's own memory storage keeps a timestamp per request and filters
 * them all on each one, so a busy key's every request cost more the busier it was.
 * Keys are counted only after they verified, so there are no more windows than live keys.
 */
export class MemoryRateStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly clock: Clock) {}

  async increment(key: string, ttlMs: number, limit: number, blockDurationMs: number): Promise<ThrottlerStorageRecord> {
    const now = this.clock.now();
    let window = this.windows.get(key);
    if (!window || (now >= window.startedAt + ttlMs && now >= window.blockedUntil)) {
      window = { startedAt: now, hits: 0, blockedUntil: 0 };
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
}
