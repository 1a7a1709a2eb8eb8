import type { ApiKey, CreatedApiKey } from '@lightbox/auth-contracts';

export function anApiKey(name: string, change: Partial<ApiKey> = {}): ApiKey {
  return {
    id: `key-${name.replace(/ /g, '-')}`,
    name,
    prefix: 'lbx_AbCd1234',
    scopes: ['images:read'],
    rate_limit_per_minute: 600,
    user_id: '0b8f3c2e-4a57-4d8e-9f8a-2f3b1c4d5e6f',
    status: 'active',
    created_at: '2026-11-01T10:00:00.000Z',
    expires_at: null,
    revoked_at: null,
    last_used_at: null,
    ...change,
  };
}

/** The answer to a create or a rotate: the key with its secret, shown this once. */
export function aCreatedApiKey(name: string, key: string): CreatedApiKey {
  return { ...anApiKey(name), key };
}
