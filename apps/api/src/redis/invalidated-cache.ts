import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock/clock';
import { InvalidationKind, Invalidations } from './invalidations';

/** Changes anywhere reach the cache as invalidations; the lifetime only bounds staleness if one is lost. */
export const CACHE_TTL_MS = 30_000;
/** While Redis is down, invalidations from other instances cannot arrive: trust entries only briefly. */
export const DEGRADED_CACHE_TTL_MS = 2_000;
export const MAX_CACHE_ENTRIES = 10_000;

/** A loaded value (`undefined` too: a miss is worth remembering) and when it was read. */
interface Entry<V> {
  readonly value: V;
  readonly storedAt: number;
}

/**
 * What the guard asks of the database on every request (a user's state, a session's liveness),
 * kept per instance so that a warm request costs no query, and forgotten on every instance when
 * `invalidate` is called. A hit is answered synchronously: no promise on the hot path. Concurrent
 * misses of one id share one load; a load under way when the id is dropped is not stored.
 */
export class InvalidatedCache<V> {
  private readonly entries: LRUCache<string, Entry<V>>;

  constructor(
    private readonly invalidations: Invalidations,
    private readonly kind: InvalidationKind,
    load: (id: string) => Promise<V>,
    private readonly clock: Clock,
  ) {
    this.entries = freshnessCache<Entry<V>>(clock, async (id) => ({ value: await load(id), storedAt: clock.now() }));
    invalidations.listen(kind, { drop: (id) => this.entries.delete(id), dropAll: () => this.entries.clear() });
  }

  get(id: string): Promise<V> | V {
    const entry = this.entries.get(id);
    if (entry && isFresh(entry, this.invalidations, this.clock)) return entry.value;
    return this.entries.fetch(id, { forceRefresh: entry !== undefined }).then((loaded) => (loaded as Entry<V>).value);
  }

  /** Every instance forgets `id`: the next request for it reads the database. */
  invalidate(id: string): void {
    this.invalidations.publish(this.kind, id);
  }
}

/**
 * The lru-cache every invalidated cache is made of: bounded, timed by the app's clock, and with
 * one load per key however many miss at once. A delete or clear during a load lets the load
 * finish for its callers but keeps it out of the cache (`ignoreFetchAbort`): an invalidation that
 * arrived while we read is not undone by storing what we read.
 */
export function freshnessCache<V extends { storedAt: number }>(clock: Clock, load: (key: string) => Promise<V>): LRUCache<string, V> {
  return new LRUCache<string, V>({
    max: MAX_CACHE_ENTRIES,
    ttl: CACHE_TTL_MS,
    // Read the clock on every check: a cached "now" would outlive a test's move of the clock.
    ttlResolution: 0,
    perf: clock,
    ignoreFetchAbort: true,
    fetchMethod: (key) => load(key),
  });
}

/** Judged on read: entries stored before Redis went away also get the short lifetime. */
export function isFresh(entry: { storedAt: number }, invalidations: Invalidations, clock: Clock): boolean {
  return !invalidations.degraded || entry.storedAt + DEGRADED_CACHE_TTL_MS > clock.now();
}
