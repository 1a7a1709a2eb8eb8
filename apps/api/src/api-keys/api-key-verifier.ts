import { type ApiKeyScope, ErrorCode, isApiKeyScope, RETRY_AFTER_HEADER, ROLE_SCOPES } from '@lightbox/auth-contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { LRUCache } from 'lru-cache';
import { credentialRefused } from '../access/access-errors';
import { hashCredential } from '../access/credential-hash';
import type { ApiKeyPrincipal } from '../access/principal';
import { Clock } from '../clock/clock';
import type { ApiKeyRow } from '../database/schema';
import { AppError } from '../http/app-error';
import { freshnessCache, isFresh, MAX_CACHE_ENTRIES } from '../redis/invalidated-cache';
import { Invalidations } from '../redis/invalidations';
import { UserStateCache } from '../users/user-state.cache';
import { API_KEY_LENGTH, hasValidChecksum } from './api-key-format';
import { ApiKeysRepository } from './api-keys.repository';

/** `last_used_at` is written at most this often per key, off the request path. */
const LAST_USED_EVERY_MS = 60_000;
const RATE_WINDOW_MS = 60_000;

/** The @nestjs/throttler storage that counts API-key requests: Redis when configured, else memory. */
export const API_KEY_RATES = Symbol('API_KEY_RATES');

/** One lookup of a key hash, found or not. */
interface Lookup {
  row: ApiKeyRow | undefined;
  /** What the principal shows of the key, made once per lookup rather than once per request. */
  identity: ApiKeyPrincipal['apiKey'] | undefined;
  /** The scopes a key can hold at all: one stored with users:manage before keys were refused it loses it. */
  scopes: readonly ApiKeyScope[];
  storedAt: number;
}

/**
 * Turns an X-API-Key value into a principal, or refuses it with the contract's code: checksum
 * first (no lookup for a typo), then a bounded cache of lookups, positive and negative, so that
 * neither a busy key nor a flood of unknown ones costs a query per request.
 */
@Injectable()
export class ApiKeyVerifier {
  private readonly logger = new Logger(ApiKeyVerifier.name);
  /** By key hash; a revocation names the key's id, so dropping one looks through the entries. */
  private readonly lookups: LRUCache<string, Lookup>;
  /**
   * Lookups under way, which lru-cache's iteration does not show: a revocation cannot tell which
   * is its key's, so it ends them all (their callers still get what was read; nothing is stored,
   * and a request after the revocation reads afresh).
   */
  private readonly loading = new Map<string, Promise<Lookup>>();
  /** Keys whose `last_used_at` was written in the last minute. */
  private readonly recentlyUsed: LRUCache<string, true>;

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly userStates: UserStateCache,
    private readonly invalidations: Invalidations,
    private readonly clock: Clock,
    @Inject(API_KEY_RATES) private readonly rates: ThrottlerStorage,
  ) {
    this.lookups = freshnessCache(clock, (hash) => this.read(hash));
    this.recentlyUsed = new LRUCache({ max: MAX_CACHE_ENTRIES, ttl: LAST_USED_EVERY_MS, ttlResolution: 0, perf: clock });
    invalidations.listen('api_key', {
      drop: (keyId) => {
        this.endLoading();
        for (const [hash, lookup] of this.lookups.entries()) if (lookup.row?.id === keyId) this.lookups.delete(hash);
      },
      dropAll: () => {
        this.endLoading();
        this.lookups.clear();
      },
    });
  }

  async verify(key: unknown): Promise<ApiKeyPrincipal> {
    if (!hasValidChecksum(key)) throw credentialRefused(ErrorCode.InvalidApiKey);
    // The lookup answers from memory once warm, and is awaited only on a miss: each await is a
    // turn of the microtask queue, and this runs on every keyed request.
    const cached = this.lookup(hashCredential(key as string));
    return this.judge(cached instanceof Promise ? await cached : cached);
  }

  /**
   * What `verify` would answer, for a key whose lookup is in memory, so that passport need not
   * run; undefined for a key that must be read. A lookup is stored only for a key that passed
   * its checksum, and only the same text has the same hash.
   */
  remembered(key: unknown): Promise<ApiKeyPrincipal> | undefined {
    if (typeof key !== 'string' || key.length !== API_KEY_LENGTH) return undefined;
    const cached = this.lookups.get(hashCredential(key));
    return cached && isFresh(cached, this.invalidations, this.clock) ? this.judge(cached) : undefined;
  }

  private async judge({ row, identity, scopes }: Lookup): Promise<ApiKeyPrincipal> {
    if (!row || !identity) throw credentialRefused(ErrorCode.InvalidApiKey);

    const now = this.clock.now();
    if (row.revokedAt && row.revokedAt.getTime() <= now) throw credentialRefused(ErrorCode.ApiKeyRevoked);
    if (row.expiresAt && row.expiresAt.getTime() <= now) throw credentialRefused(ErrorCode.ApiKeyExpired);
    // Awaited only on a miss, as the lookup is.
    const cachedOwner = this.userStates.get(row.userId);
    const owner = cachedOwner instanceof Promise ? await cachedOwner : cachedOwner;
    if (!owner?.active) throw credentialRefused(ErrorCode.ApiKeyRevoked);

    await this.spend(row);
    this.noteUse(row.id, now);
    // A key never does more than its user may do today (a demoted user's keys shrink with them);
    // while the role covers it, the looked-up list itself, not a copy per request.
    const allowed = ROLE_SCOPES[owner.role];
    const held = scopes.every((scope) => allowed.includes(scope)) ? scopes : scopes.filter((scope) => allowed.includes(scope));
    return { kind: 'api_key', userId: row.userId, username: owner.username, apiKey: identity, scopes: held };
  }

  /** Makes every instance forget what it knows of a key: the next request with it reads the database. */
  invalidate(keyId: string): void {
    this.invalidations.publish('api_key', keyId);
  }

  private lookup(hash: string): Promise<Lookup> | Lookup {
    const cached = this.lookups.get(hash);
    if (cached && isFresh(cached, this.invalidations, this.clock)) return cached;
    // lru-cache makes concurrent misses of one hash share this fetch.
    const fetched = this.lookups.fetch(hash, { forceRefresh: cached !== undefined }) as Promise<Lookup>;
    this.loading.set(hash, fetched);
    // Settled after lru-cache has stored (or, dropped meanwhile, discarded) what was read.
    const forget = () => {
      if (this.loading.get(hash) === fetched) this.loading.delete(hash);
    };
    fetched.then(forget, forget);
    return fetched;
  }

  private endLoading(): void {
    for (const hash of this.loading.keys()) this.lookups.delete(hash);
    this.loading.clear();
  }

  private async read(hash: string): Promise<Lookup> {
    const row = await this.keys.findByHash(hash);
    return {
      row,
      identity: row && { id: row.id, name: row.name, prefix: row.prefix },
      scopes: row?.scopes.filter(isApiKeyScope) ?? [],
      storedAt: this.clock.now(),
    };
  }

  /** At most `rate_limit_per_minute` requests a minute; past it, refused for a minute. */
  private async spend(row: ApiKeyRow): Promise<void> {
    const { totalHits, timeToBlockExpire } = await this.rates.increment(`lightbox:api-key:${row.id}`, RATE_WINDOW_MS, row.rateLimitPerMinute, RATE_WINDOW_MS, 'api-key');
    if (totalHits > row.rateLimitPerMinute) {
      throw new AppError(ErrorCode.TooManyRequests, `This API key may make ${row.rateLimitPerMinute} requests a minute.`, {
        headers: { [RETRY_AFTER_HEADER]: String(Math.max(1, timeToBlockExpire)) },
      });
    }
  }

  private noteUse(keyId: string, now: number): void {
    if (this.recentlyUsed.has(keyId)) return;
    this.recentlyUsed.set(keyId, true);
    this.keys.touch(keyId, new Date(now)).catch((error: Error) => this.logger.warn(`last_used_at not written: ${error.message}`));
  }
}
