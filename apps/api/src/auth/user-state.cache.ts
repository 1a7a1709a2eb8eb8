import { Injectable } from '@nestjs/common';
import { UsersRepository, type UserState } from '../users/users.repository';

interface Entry {
  state: UserState | undefined;
  expiresAt: number;
}

/** Short enough that a change made on another instance (without Redis) is seen soon. */
const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * What the guard needs to know about a token's user, without a database round trip per request.
 * Changes made here (deactivation, password change, role change) call `invalidate` at once.
 */
@Injectable()
export class UserStateCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<UserState | undefined>>();
  /** Bumped by invalidate: a lookup that started before it must not store what it read. */
  private generation = 0;

  constructor(private readonly users: UsersRepository) {}

  get(userId: string): Promise<UserState | undefined> | UserState | undefined {
    const entry = this.entries.get(userId);
    if (entry && entry.expiresAt > Date.now()) return entry.state;
    return this.load(userId);
  }

  /** How audit events name a user: the username, or the id of a user who no longer exists. */
  async username(userId: string): Promise<string> {
    return (await this.get(userId))?.username ?? userId;
  }

  invalidate(userId: string): void {
    this.generation++;
    this.entries.delete(userId);
    this.loading.delete(userId);
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
    this.entries.set(userId, { state, expiresAt: Date.now() + TTL_MS });
  }
}
