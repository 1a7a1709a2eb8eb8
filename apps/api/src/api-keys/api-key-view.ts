import { type ApiKey, isApiKeyScope } from '@lightbox/auth-contracts';
import type { ApiKeyRow } from '../database/schema';

/** A stored key as the API shows it (never its hash); its status as of `now`. */
export function toApiKey(row: ApiKeyRow, now: number): ApiKey {
  const revoked = row.revokedAt !== null && row.revokedAt.getTime() <= now;
  const expired = row.expiresAt !== null && row.expiresAt.getTime() <= now;
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.filter(isApiKeyScope),
    rate_limit_per_minute: row.rateLimitPerMinute,
    user_id: row.userId,
    status: revoked ? 'revoked' : expired ? 'expired' : 'active',
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
  };
}
