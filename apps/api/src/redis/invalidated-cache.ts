import { InvalidationKind, Invalidations } from './invalidations';

interface Entry<V> {
  value: V;
  storedAt: number;
}

/** Changes anywhere reach the cache as invalidations; the lifetime only bounds staleness if one is lost. */
const TTL_MS = 30_000;
/** While Redis is down, invalidations from other instances cannot arrive: trust entries only briefly. */
const DEGRADED_TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;

/**
 * What the guard asks of the database on every request (a user's state, a session's liveness),
 * kept per instance so that a warm request costs no query, and forgotten on every instance when
 * `invalidate` is called. A hit is answered synchronously: no promise on the hot path.
 */
export class InvalidatedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly loading = new Map<string, Promise<V>>();
  /** Bumped by every drop: a lookup that started before it must not store what it read. */
  private generation = 0;

  constructor(
    private readonly invalidations: Invalidations,
    private readonly kind: InvalidationKind,
    private readonly load: (id: string) => Promise<V>,
  ) {
    invalidations.listen(kind, { drop: (id) => this.drop(id), dropAll: () => this.dropAll() });
  }

  get(id: string): Promise<V> | V {
    const entry = this.entries.get(id);
    // Judged on read: entries stored before Redis went away also get the short lifetime.
    if (entry && entry.storedAt + (this.invalidations.degraded ? DEGRADED_TTL_MS : TTL_MS) > Date.now()) return entry.value;
    return this.loadOnce(id);
  }

  /** Every instance forgets `id`: the next request for it reads the database. */
  invalidate(id: string): void {
    this.invalidations.publish(this.kind, id);
  }

  private drop(id: string): void {
    this.generation++;
    this.entries.delete(id);
    this.loading.delete(id);
  }

  private dropAll(): void {
    this.generation++;
    this.entries.clear();
    this.loading.clear();
  }

  /** One query per id however many requests miss at once. */
  private loadOnce(id: string): Promise<V> {
    const existing = this.loading.get(id);
    if (existing) return existing;
    const generation = this.generation;
    const pending = this.load(id)
      .then((value) => {
        if (generation === this.generation) this.store(id, value);
        return value;
      })
      .finally(() => {
        if (this.loading.get(id) === pending) this.loading.delete(id);
      });
    this.loading.set(id, pending);
    return pending;
  }

  /** Map order is insertion order: deleting first moves a refreshed entry to the young end. */
  private store(id: string, value: V): void {
    this.entries.delete(id);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(id, { value, storedAt: Date.now() });
  }
}
