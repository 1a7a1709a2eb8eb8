import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Clock } from '../clock/clock';
import { MemoryRateStorage } from './memory-rate-storage';
import type { RedisLink } from './redis-link';

type Increment = ThrottlerStorage['increment'];

/**
 * @nestjs/throttler counters in Redis, shared by every instance, while Redis answers; in this
 * process while it does not. Limits stay on during an outage, per instance rather than per fleet.
 */
export class FailoverThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: RedisLink,
    private readonly shared: ThrottlerStorage,
    private readonly local: ThrottlerStorage,
  ) {}

  async increment(...args: Parameters<Increment>): ReturnType<Increment> {
    if (this.redis.healthy) {
      try {
        return await this.shared.increment(...args);
      } catch {
        // Lost mid-request: count it here.
      }
    }
    return this.local.increment(...args);
  }
}

/** Counters for a provider: shared over Redis when it is configured (with the fallback above), else in this process. */
export function rateStorage(clock: Clock, redis?: RedisLink): ThrottlerStorage {
  return redis ? new FailoverThrottlerStorage(redis, new ThrottlerStorageRedisService(redis.commands), new MemoryRateStorage(clock)) : new MemoryRateStorage(clock);
}
