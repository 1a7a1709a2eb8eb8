import { Injectable } from '@nestjs/common';
import { Invalidations } from '../redis/invalidations';
import { UsersRepository, type UserState } from '../users/users.repository';

interface Entry {
  state: UserState | undefined;
  storedAt: number;
}

/** Changes anywhere reach this cache as invalidations; the lifetime only bounds staleness if one is lost. */
const TTL_MS = 30_000;
/** While Redis is down, invalidations from other instances cannot arrive: trust entries only briefly. */
const DEGRADED_TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;

/**
 * What the guard needs to know about a token's user, without a database round trip per request.
 * Changes (deactivation, password change, role change) call `invalidate`, which reaches every instance.
 */
@Injectable()
export class UserStateCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<UserState | undefined>>();
  /** Bumped by invalidate: a lookup that started before it must not store what it read. */
  private generation = 0;

  constructor(
    private readonly users: UsersRepository,
    private readonly invalidations: Invalidations,
  ) {
    invalidations.listen('user', { drop: (userId) => this.drop(userId), dropAll: () => this.dropAll() });
  }

  get(userId: string): Promise<UserState | undefined> | UserState | undefined {
    const entry = this.entries.get(userId);
    // Judged on read: entries stored before Redis went away also get the short lifetime.
    if (entry && entry.storedAt + (this.invalidations.degraded ? DEGRADED_TTL_MS : TTL_MS) > Date.now()) return entry.state;
    return this.load(userId);
  }

  /** How audit events name a user: the username, or the id of a user who no longer exists. */
  async username(userId: string): Promise<string> {
    return (await this.get(userId))?.username ?? userId;
  }

  invalidate(userId: string): void {
    this.invalidations.publish('user', userId);
  }

  private drop(userId: string): void {
    this.generation++;
    this.entries.delete(userId);
    this.loading.delete(userId);
  }

  private dropAll(): void {
    this.generation++;
    this.entries.clear();
    this.loading.clear();
  }

  /** One query per user however many requests miss at once. */
  private load(userId: string): Promise<UserState | undefined> {
    const existing = this.loading.get(userId);
    if (existing) return existing;
    const generation = this.generation;
    const pending = this.users
      .findState(userId)
      .then((state) => {
        if (generation === this.generation) this.store(userId, state);
        return state;
      })
      .finally(() => {
        if (this.loading.get(userId) === pending) this.loading.delete(userId);
      });
    this.loading.set(userId, pending);
    return pending;
  }

  /** Map order is insertion order: deleting first moves a refreshed entry to the young end. */
  private store(userId: string, state: UserState | undefined): void {
    this.entries.delete(userId);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(userId, { state, storedAt: Date.now() });
  }
}
