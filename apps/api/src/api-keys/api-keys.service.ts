import {
  ApiKey,
  CreateApiKeyRequest,
  CreatedApiKey,
  ErrorCode,
  Scope,
  UpdateApiKeyRequest,
} from '@lightbox/auth-contracts';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log';
import { insufficientScope } from '../access/access-errors';
import { hashCredential } from '../access/credential-hash';
import { auditActor, mayManageOthers, type Principal } from '../access/principal';
import { Clock } from '../clock/clock';
import type { ApiKeyRow } from '../database/schema';
import { AppError } from '../http/app-error';
import type { RequestContext } from '../http/request-context';
import { UserDepartures } from '../users/user-departures';
import { UserStateCache } from '../users/user-state.cache';
import { toApiKey } from './api-key-view';
import { API_KEY_PREFIX_LENGTH, generateApiKey } from './api-key-format';
import { ApiKeyVerifier } from './api-key-verifier';
import { ApiKeysRepository, NewApiKey } from './api-keys.repository';

/**
 * What one may do to a key that is not one's own. Reading it needs `users:manage`; changing or
 * revoking it too, unless it is the owner's (nobody but the owner acts on the owner's keys);
 * rotating it never: a rotation hands its caller the new secret, a key that acts as someone else.
 */
type KeyAction = 'read' | 'change' | 'rotate';

/** The rules of DESIGN.md §4.5: keys are managed by people, never by keys, within their own scopes. */
@Injectable()
export class ApiKeysService implements OnModuleInit {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly verifier: ApiKeyVerifier,
    private readonly userStates: UserStateCache,
    private readonly departures: UserDepartures,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // A deactivated or deleted user's keys are revoked at once (and shown as revoked).
    this.departures.onDeparture((userId) => this.revokeAllOf(userId));
  }

  async create(principal: Principal, request: CreateApiKeyRequest, context: RequestContext): Promise<CreatedApiKey> {
    this.requireWithin(principal, request.scopes);
    const { row, key } = await this.issue({
      userId: principal.userId,
      name: request.name,
      scopes: unique(request.scopes),
      expiresAt: this.futureDate(request.expires_at),
      rateLimitPerMinute: request.rate_limit_per_minute,
    });
    await this.record(context, principal, 'api_key.created', row);
    return { ...toApiKey(row, this.clock.now()), key };
  }

  /**
   * One's own keys; for those who manage users, everyone's, or one holder's (`ownerId`, as the
   * CLI asks). Anyone else is shown their own whatever `ownerId` says.
   */
  async list(principal: Principal, ownerId?: string): Promise<ApiKey[]> {
    const userId = mayManageOthers(principal) ? ownerId : principal.userId;
    return this.view(await this.keys.list(userId));
  }

  async get(principal: Principal, id: string): Promise<ApiKey> {
    return toApiKey(await this.findManageable(principal, id, 'read'), this.clock.now());
  }

  async update(principal: Principal, id: string, request: UpdateApiKeyRequest): Promise<ApiKey> {
    await this.findManageable(principal, id, 'change');
    if (request.scopes) this.requireWithin(principal, request.scopes);
    const row = await this.keys.update(id, {
      name: request.name,
      scopes: request.scopes && unique(request.scopes),
      expiresAt: request.expires_at === undefined ? undefined : request.expires_at === null ? null : this.futureDate(request.expires_at),
    });
    this.verifier.invalidate(id);
    return toApiKey(row as ApiKeyRow, this.clock.now());
  }

  /** Revoked keys are kept (revoked_at set) so the audit trail can still name them. */
  async revoke(principal: Principal, id: string, context: RequestContext): Promise<void> {
    const current = await this.findManageable(principal, id, 'change');
    const row = (await this.keys.revoke(id, new Date(this.clock.now()))) ?? current;
    this.verifier.invalidate(id);
    await this.record(context, principal, 'api_key.revoked', row);
  }

  /** A new key with the same name, scopes and expiry; the old one works until the grace period ends. */
  async rotate(principal: Principal, id: string, graceSeconds: number, context: RequestContext): Promise<CreatedApiKey> {
    const old = await this.findManageable(principal, id, 'rotate');
    if (old.revokedAt && old.revokedAt.getTime() <= this.clock.now()) {
      throw new AppError(ErrorCode.Conflict, 'A revoked key cannot be rotated.');
    }
    const { row, key } = await this.issue({
      userId: old.userId,
      name: old.name,
      scopes: old.scopes,
      expiresAt: old.expiresAt,
      rateLimitPerMinute: old.rateLimitPerMinute,
      rotatedFrom: old.id,
    });
    await this.keys.revoke(old.id, new Date(this.clock.now() + graceSeconds * 1000));
    this.verifier.invalidate(old.id);
    await this.record(context, principal, 'api_key.rotated', row, { rotated_from: old.prefix, grace_seconds: graceSeconds });
    return { ...toApiKey(row, this.clock.now()), key };
  }

  private async revokeAllOf(userId: string): Promise<void> {
    for (const id of await this.keys.revokeAllOf(userId)) this.verifier.invalidate(id);
  }

  /** Makes a key and stores what identifies it; the key itself leaves only in the answer. */
  private async issue(fields: Omit<NewApiKey, 'prefix' | 'keyHash'>): Promise<{ row: ApiKeyRow; key: string }> {
    const key = generateApiKey();
    const row = await this.keys.insert({ ...fields, prefix: key.slice(0, API_KEY_PREFIX_LENGTH), keyHash: hashCredential(key) });
    return { row, key };
  }

  private async findManageable(principal: Principal, id: string, action: KeyAction): Promise<ApiKeyRow> {
    const row = await this.keys.findById(id);
    if (!row) throw new AppError(ErrorCode.NotFound, 'There is no such API key.');
    if (row.userId === principal.userId) return row;
    if (!mayManageOthers(principal)) throw notOwner('This API key belongs to someone else.');
    if (action === 'rotate') throw notOwner('Only the holder of a key rotates it: revoke it instead.');
    if (action === 'change' && (await this.userStates.get(row.userId))?.role === 'owner') {
      throw notOwner("Only the owner acts on the owner's keys.");
    }
    return row;
  }

  private requireWithin(principal: Principal, scopes: readonly Scope[]): void {
    const missing = scopes.filter((scope) => !principal.scopes.includes(scope));
    if (missing.length > 0) throw insufficientScope(missing);
  }

  private async record(
    context: RequestContext,
    principal: Principal,
    action: 'api_key.created' | 'api_key.revoked' | 'api_key.rotated',
    row: ApiKeyRow,
    details?: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(context, { action, outcome: 'success', actor: auditActor(principal), target: `api_key:${row.prefix}`, details });
  }

  private view(rows: readonly ApiKeyRow[]): ApiKey[] {
    const now = this.clock.now();
    return rows.map((row) => toApiKey(row, now));
  }

  private futureDate(iso: string | undefined): Date | null {
    if (iso === undefined) return null;
    const date = new Date(iso);
    if (date.getTime() <= this.clock.now()) {
      throw new AppError(ErrorCode.ValidationFailed, 'Some fields are not valid.', {
        errors: [{ path: 'expires_at', message: 'Choose a time in the future.' }],
      });
    }
    return date;
  }
}

function notOwner(detail: string): AppError {
  return new AppError(ErrorCode.NotOwner, detail);
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];
