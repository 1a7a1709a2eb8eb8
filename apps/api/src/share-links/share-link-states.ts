import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { InvalidatedCache } from '../redis/invalidated-cache';
import { Invalidations } from '../redis/invalidations';
import { ShareLinksRepository, ShareLinkState } from './share-links.repository';

/**
 * What the guard judges a share token by (revoked, expiry, view limit, downloads), as the
 * session state is for access tokens: from memory once warm, and forgotten on every instance
 * the moment a link changes, so a revocation or a download switched off applies to tokens already
 * issued on their next request.
 */
@Injectable()
export class ShareLinkStates {
  private readonly cache: InvalidatedCache<ShareLinkState | undefined>;

  constructor(links: ShareLinksRepository, invalidations: Invalidations, clock: Clock) {
    this.cache = new InvalidatedCache(invalidations, 'share_link', (id) => links.state(id), clock);
  }

  get(linkId: string): Promise<ShareLinkState | undefined> | ShareLinkState | undefined {
    return this.cache.get(linkId);
  }

  changed(linkId: string): void {
    this.cache.invalidate(linkId);
  }
}
