import { type ApiKeyScope, ErrorCode, isApiKeyScope, RETRY_AFTER_HEADER, ROLE_SCOPES } from '@lightbox/auth-contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { credentialRefused } from '../auth/auth-errors';
import type { Principal } from '../auth/principal';
import { UserStateCache } from '../auth/user-state.cache';
import type { ApiKeyRow } from '../database/schema';
import { AppError } from '../http/app-error';
import { Invalidations } from '../redis/invalidations';
import { hashApiKey, hasValidChecksum } from './api-key-format';
import { ApiKeysRepository } from './api-keys.repository';

/** How long a lookup (found or not) is trusted; a revocation anywhere invalidates it at once. */
const CACHE_TTL_MS = 30_000;
/** While Redis is down, revocations on other instances cannot arrive: trust lookups only briefly. */
const DEGRADED_CACHE_TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;
/** `last_used_at` is written at most this often per key, off the request path. */
const LAST_USED_EVERY_MS = 60_000;
const RATE_WINDOW_MS = 60_000;

/** The @nestjs/throttler storage that counts API-key requests: Redis when configured, else memory. */
export const API_KEY_RATES = Symbol('API_KEY_RATES');

interface Entry {
  row: ApiKeyRow | undefined;
  /** What the principal shows of the key, made once per lookup rather than once per request. */
  identity: Principal['apiKey'];
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
  private readonly entries = new Map<string, Entry>();
  private readonly lastUsedWritten = new Map<string, number>();
  /** Bumped by every drop: a lookup that started before it must not store what it read. */
  private generation = 0;

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly userStates: UserStateCache,
    private readonly invalidations: Invalidations,
    @Inject(API_KEY_RATES) private readonly rates: ThrottlerStorage,
  ) {
    invalidations.listen('api_key', { drop: (keyId) => this.drop(keyId), dropAll: () => this.dropAll() });
  }

  async verify(key: unknown): Promise<Principal> {
    if (!hasValidChecksum(key)) throw credentialRefused(ErrorCode.InvalidApiKey);
    const { row, identity, scopes } = await this.lookup(hashApiKey(key as string));
    if (!row) throw credentialRefused(ErrorCode.InvalidApiKey);

    const now = Date.now();
    if (row.revokedAt && row.revokedAt.getTime() <= now) throw credentialRefused(ErrorCode.ApiKeyRevoked);
    if (row.expiresAt && row.expiresAt.getTime() <= now) throw credentialRefused(ErrorCode.ApiKeyExpired);
    const owner = await this.userStates.get(row.userId);
    if (!owner?.active) throw credentialRefused(ErrorCode.ApiKeyRevoked);

    await this.spend(row);
    this.noteUse(row.id, now);
    // A key never does more than its user may do today (a demoted user's keys shrink with them).
    const allowed = ROLE_SCOPES[owner.role];
    return { kind: 'api_key', userId: row.userId, apiKey: identity, scopes: scopes.filter((s) => allowed.includes(s)) };
  }

  /** Makes every instance forget what it knows of a key: the next request with it reads the database. */
  invalidate(keyId: string): void {
    this.invalidations.publish('api_key', keyId);
  }

  private drop(keyId: string): void {
    this.generation++;
    for (const [hash, entry] of this.entries) if (entry.row?.id === keyId) this.entries.delete(hash);
  }

  private dropAll(): void {
    this.generation++;
    this.entries.clear();
  }

  private async lookup(hash: string): Promise<Entry> {
    const cached = this.entries.get(hash);
    const ttl = this.invalidations.degraded ? DEGRADED_CACHE_TTL_MS : CACHE_TTL_MS;
    if (cached && cached.storedAt + ttl > Date.now()) return cached;
    const generation = this.generation;
    const row = await this.keys.findByHash(hash);
    const entry: Entry = {
      row,
      identity: row && { id: row.id, name: row.name, prefix: row.prefix },
      scopes: row?.scopes.filter(isApiKeyScope) ?? [],
      storedAt: Date.now(),
    };
    // A revocation that arrived while we read must not be undone by storing what we read.
    if (generation === this.generation) {
      this.entries.delete(hash);
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(hash, entry);
    }
    return entry;
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
    if (now - (this.lastUsedWritten.get(keyId) ?? 0) < LAST_USED_EVERY_MS) return;
    this.lastUsedWritten.set(keyId, now);
    this.keys.touch(keyId, new Date(now)).catch((error: Error) => this.logger.warn(`last_used_at not written: ${error.message}`));
  }
}
