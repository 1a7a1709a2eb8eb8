import type { Visibility } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { Caller } from '../access/principal';
import { Clock } from '../clock/clock';
import { SerializedJson, serializeJson } from '../http/conditional-get';
import { Invalidations } from '../redis/invalidations';
import { toImage } from './image-view';
import type { OwnedImageRow } from './images.repository';

/** An image's row (what every route about it decides by) and its details as served. */
export interface CachedImage extends SerializedJson {
  readonly row: OwnedImageRow;
}

/**
 * Who is looking decides what a list shows: visitors see public images (`public`), holders of
 * `images:read` every image (`all`), and a caller without it public images and its own (`own:<user id>`).
 */
export type GalleryView = 'public' | 'all' | `own:${string}`;

/**
 * How long an answer may be served without asking the database. Writes on this instance drop
 * what they change at once, and on the others within milliseconds over Redis; this lifetime is
 * the bound when a message is lost or Redis is down (DESIGN: stale for at most a second).
 */
export const GALLERY_TTL_MS = 1_000;
/**
 * The view of a caller: `all` with `images:read`, else public images and its own. A share link of
 * an album sees what its album's owner would without `images:read`: public images and theirs.
 */
export function viewOf(caller: Caller | undefined): GalleryView {
  if (caller?.kind === 'share_link') return caller.shared.kind === 'album' ? `own:${caller.shared.albumOwnerId}` : 'public';
  if (caller?.scopes.includes('images:read')) return 'all';
  return caller ? `own:${caller.userId}` : 'public';
}

/** Bytes of answer text kept per instance, whatever the variety of queries. */
const MAX_ANSWER_BYTES = 32 * 2 ** 20;
const MAX_IMAGES = 10_000;

/**
 * What a gallery serves most (list pages, tag counts, an image's details and the row its files
 * are served by), serialised once and then answered from memory. Written by no one but the
 * images service, which calls `changed` after every write that commits.
 */
@Injectable()
export class GalleryCache {
  private readonly answers: LRUCache<string, SerializedJson, () => Promise<unknown>>;
  private readonly images: LRUCache<string, CachedImage, () => Promise<OwnedImageRow | undefined>>;
  /**
   * A view's answers are keyed with its generation, bumped when they may have changed: the old
   * keys are never asked for again (and age out), and a load under way when the change came is
   * kept under a key nobody reads. Public changes bump `everyView`.
   */
  private readonly generations = new Map<GalleryView, number>();
  private everyView = 0;

  constructor(
    private readonly invalidations: Invalidations,
    clock: Clock,
  ) {
    const timing = { ttl: GALLERY_TTL_MS, ttlResolution: 0, perf: clock, ignoreFetchAbort: true } as const;
    this.answers = new LRUCache({
      ...timing,
      maxSize: MAX_ANSWER_BYTES,
      sizeCalculation: (answer) => answer.body.length,
      fetchMethod: async (_key, _stale, { context: load }) => serializeJson(await load()),
    });
    this.images = new LRUCache({
      ...timing,
      max: MAX_IMAGES,
      // An unknown id is not kept: a flood of made-up ids cannot fill the cache.
      fetchMethod: async (_key, _stale, { context: load }) => {
        const row = await load();
        return row && { row, ...serializeJson(toImage(row)) };
      },
    });
    invalidations.listen('gallery', { drop: (ownerId) => this.privateViewsChanged(ownerId), dropAll: () => this.everyView++ });
    invalidations.listen('image', { drop: (id) => this.images.delete(id), dropAll: () => this.images.clear() });
  }

  /** A hit is answered synchronously; concurrent misses of one key share one load. */
  answer(view: GalleryView, query: string, load: () => Promise<unknown>): SerializedJson | Promise<SerializedJson> {
    const key = `${this.everyView}.${this.generations.get(view) ?? 0} ${view} ${query}`;
    return this.answers.get(key) ?? (this.answers.fetch(key, { context: load }) as Promise<SerializedJson>);
  }

  image(id: string, load: () => Promise<OwnedImageRow | undefined>): CachedImage | Promise<CachedImage | undefined> {
    return this.images.get(id) ?? this.images.fetch(id, { context: load });
  }

  /**
   * After a write to an image has committed, before its 2xx: a public image (before or after)
   * is in every view, a private one only in `all` and its owner's.
   */
  changed(image: { id: string; ownerId: string; visibility: Visibility }, before?: { visibility: Visibility }): void {
    this.viewsChanged(image, before);
    this.invalidations.publish('image', image.id);
  }

  /** After a write to an album (its details or its images) has committed: the same views as an image of its visibility. */
  albumChanged(album: { ownerId: string; visibility: Visibility }, before?: { visibility: Visibility }): void {
    this.viewsChanged(album, before);
  }

  private viewsChanged(changed: { ownerId: string; visibility: Visibility }, before: { visibility: Visibility } | undefined): void {
    if (changed.visibility === 'public' || before?.visibility === 'public') this.invalidations.publish('gallery');
    else this.invalidations.publish('gallery', changed.ownerId);
  }

  private privateViewsChanged(ownerId: string): void {
    for (const view of ['all', `own:${ownerId}`] as const) this.generations.set(view, (this.generations.get(view) ?? 0) + 1);
  }
}
