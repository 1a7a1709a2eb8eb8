import type { Passkey } from '@lightbox/auth-contracts';
import type { PasskeyRow } from '../database/schema';

export function toPasskey(row: PasskeyRow): Passkey {
  return {
    id: row.id,
    name: row.name,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    synced: row.synced,
  };
}
