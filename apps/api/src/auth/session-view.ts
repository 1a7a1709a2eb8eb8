import type { Session } from '@lightbox/auth-contracts';
import type { RefreshSessionRow } from '../database/schema';

/** A refresh session as its person sees it in their list; `currentId` marks the one asking. */
export function toSession(row: RefreshSessionRow, currentId: string | undefined): Session {
  return {
    id: row.id,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt.toISOString(),
    expires_at: row.expiresAt.toISOString(),
    user_agent: row.userAgent,
    ip: row.ip,
    current: row.id === currentId,
  };
}
