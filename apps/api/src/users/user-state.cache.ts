import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { InvalidatedCache } from '../redis/invalidated-cache';
import { Invalidations } from '../redis/invalidations';
import { UsersRepository, type UserState } from './users.repository';

/**
 * What the guard needs to know about a token's user, without a database round trip per request.
 * Changes (deactivation, password change, role change) call `invalidate`, which reaches every instance.
 */
@Injectable()
export class UserStateCache {
  private readonly cache: InvalidatedCache<UserState | undefined>;

  constructor(users: UsersRepository, invalidations: Invalidations, clock: Clock) {
    this.cache = new InvalidatedCache(invalidations, 'user', (userId) => users.findState(userId), clock);
  }

  get(userId: string): Promise<UserState | undefined> | UserState | undefined {
    return this.cache.get(userId);
  }

  invalidate(userId: string): void {
    this.cache.invalidate(userId);
  }
}
