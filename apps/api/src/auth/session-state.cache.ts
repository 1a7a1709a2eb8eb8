import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { InvalidatedCache } from '../redis/invalidated-cache';
import { Invalidations } from '../redis/invalidations';
import { RefreshSessionsRepository } from './refresh-sessions.repository';

/**
 * Whether the session (`sid`) an access token was issued for is still live: an ended session's
 * tokens die on their next request, on every instance, without a query per warm request. Whatever
 * ends a session (logout, revocation, refresh-token reuse) calls `invalidate`; what ends all of a
 * user's sessions also bumps their token version, which the user state already carries.
 */
@Injectable()
export class SessionStateCache {
  private readonly cache: InvalidatedCache<boolean>;

  constructor(sessions: RefreshSessionsRepository, invalidations: Invalidations, clock: Clock) {
    this.cache = new InvalidatedCache(invalidations, 'session', (sessionId) => sessions.isLive(sessionId), clock);
  }

  isLive(sessionId: string): Promise<boolean> | boolean {
    return this.cache.get(sessionId);
  }

  invalidate(sessionId: string): void {
    this.cache.invalidate(sessionId);
  }
}
