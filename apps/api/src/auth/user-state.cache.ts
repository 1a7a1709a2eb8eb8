import { Injectable } from '@nestjs/common';
import { InvalidatedCache } from '../redis/invalidated-cache';
import { Invalidations } from '../redis/invalidations';
import { UsersRepository, type UserState } from '../users/users.repository';

/**
 * What the guard needs to know about a token's user, without a database round trip per request.
 * Changes (deactivation, password change, role change) call `invalidate`, which reaches every instance.
 */
@Injectable()
export class UserStateCache {
  private readonly cache: InvalidatedCache<UserState | undefined>;

  constructor(users: UsersRepository, invalidations: Invalidations) {
    this.cache = new InvalidatedCache(invalidations, 'user', (userId) => users.findState(userId));
  }

  get(userId: string): Promise<UserState | undefined> | UserState | undefined {
    return this.cache.get(userId);
  }

  /** How audit events name a user: the username, or the id of a user who no longer exists. */
  async username(userId: string): Promise<string> {
    return (await this.get(userId))?.username ?? userId;
  }

  invalidate(userId: string): void {
    this.cache.invalidate(userId);
  }
}
