import { TestClock } from '../../test/support/test-clock';
import { Invalidations } from '../redis/invalidations';
import { GALLERY_TTL_MS, GalleryCache } from './gallery-cache';
import type { OwnedImageRow } from './images.repository';

describe('GalleryCache', () => {
  let clock: TestClock;
  let invalidations: Invalidations;
  let cache: GalleryCache;
  let loads: number;
  let release: (() => void)[];
  beforeEach(() => {
    clock = new TestClock(true);
    invalidations = new Invalidations();
    cache = new GalleryCache(invalidations, clock);
    loads = 0;
    release = [];
  });
  /** A load that waits for `settle`, answering with how many loads there have been. */
  const load = () => {
    const n = ++loads;
    return new Promise<{ n: number }>((resolve) => release.push(() => resolve({ n })));
  };
  const settle = async () => {
    while (release.length) release.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  const bodyOf = async (answer: ReturnType<GalleryCache['answer']>) => JSON.parse((await answer).body) as { n: number };

  it('loads a miss once however many ask, then answers synchronously with the same bytes and ETag', async () => {
    const asked = [cache.answer('public', 'q', load), cache.answer('public', 'q', load)];
    await settle();
    const [first, second] = await Promise.all(asked);
    expect(second).toBe(first);
    expect(cache.answer('public', 'q', load)).toBe(first);
    expect(first.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(loads).toBe(1);
  });

  it('keeps an answer for at most GALLERY_TTL_MS', async () => {
    const first = cache.answer('public', 'q', load);
    await settle();
    await first;
    clock.advance(GALLERY_TTL_MS);
    expect(cache.answer('public', 'q', load)).not.toBeInstanceOf(Promise);
    clock.advance(1);
    const again = cache.answer('public', 'q', load);
    await settle();
    expect(await bodyOf(again)).toEqual({ n: 2 });
  });

  it('does not keep what a load read while a change arrived, and loads afresh for the next caller', async () => {
    const stale = cache.answer('all', 'q', load);
    cache.changed({ id: 'i', ownerId: 'u', visibility: 'private' });
    const fresh = cache.answer('all', 'q', load);
    await settle();
    expect(await bodyOf(stale)).toEqual({ n: 1 });
    expect(await bodyOf(fresh)).toEqual({ n: 2 });
    expect(await bodyOf(cache.answer('all', 'q', load))).toEqual({ n: 2 });
  });

  it('drops, for a private image, only the views that can see it; for a public one, every view', async () => {
    for (const view of ['public', 'all', 'own:u', 'own:other'] as const) cache.answer(view, 'q', load);
    await settle();
    const cached = (view: 'public' | 'all' | `own:${string}`) => !(cache.answer(view, 'q', load) instanceof Promise);

    cache.changed({ id: 'i', ownerId: 'u', visibility: 'private' });
    expect([cached('public'), cached('own:other')]).toEqual([true, true]);
    expect([cached('all'), cached('own:u')]).toEqual([false, false]);
    await settle();

    cache.changed({ id: 'i', ownerId: 'u', visibility: 'private' }, { visibility: 'public' });
    expect(['public', 'all', 'own:u', 'own:other'].map((view) => cached(view as 'public'))).toEqual([false, false, false, false]);
    await settle();
  });

  it('keeps an image row by id until that image changes, and never an unknown id', async () => {
    const row = { id: 'i', ownerId: 'u', visibility: 'public', title: 'T', tags: [], createdAt: new Date(0), updatedAt: new Date(0) } as unknown as OwnedImageRow;
    let reads = 0;
    const find = async (found: boolean) => {
      reads++;
      return found ? row : undefined;
    };
    expect(await cache.image('missing', () => find(false))).toBeUndefined();
    expect(await cache.image('missing', () => find(false))).toBeUndefined();
    const loaded = await cache.image('i', () => find(true));
    expect(loaded?.row).toBe(row);
    expect(JSON.parse(loaded?.body ?? '')).toMatchObject({ id: 'i', title: 'T' });
    expect(cache.image('i', () => find(true))).toBe(loaded);
    expect(reads).toBe(3);

    cache.changed(row);
    await cache.image('i', () => find(true));
    expect(reads).toBe(4);
  });

  it('applies a change published by another instance, one image or the whole gallery', async () => {
    cache.answer('public', 'q', load);
    await settle();
    invalidations.publish('gallery');
    expect(cache.answer('public', 'q', load)).toBeInstanceOf(Promise);
    await settle();
  });
});
