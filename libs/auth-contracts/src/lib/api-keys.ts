import { z } from 'zod';
import { API_KEY_SCOPES } from './scopes';

/** Requests per minute a key may make unless its creator chose otherwise: generous, for programs. */
export const DEFAULT_API_KEY_RATE_LIMIT = 600;
export const MAX_API_KEY_RATE_LIMIT = 100_000;

/** Longest grace period a rotated key may keep working: 7 days. */
export const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 3600;

export const ApiKeySchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  /** The first 12 characters (`lbx_` + 8): enough to recognise a key, useless to use one. */
  prefix: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  rate_limit_per_minute: z.number().int(),
  user_id: z.uuid(),
  status: z.enum(['active', 'revoked', 'expired']),
  created_at: z.iso.datetime(),
  expires_at: z.iso.datetime().nullable(),
  revoked_at: z.iso.datetime().nullable(),
  last_used_at: z.iso.datetime().nullable(),
});

/** Only the answer to create and rotate carries the key itself, and only that once. */
export const CreatedApiKeySchema = ApiKeySchema.extend({ key: z.string() });

export const CreateApiKeyRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1),
  expires_at: z.iso.datetime().optional(),
  rate_limit_per_minute: z.number().int().min(1).max(MAX_API_KEY_RATE_LIMIT).optional(),
});

export const UpdateApiKeyRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).optional(),
    expires_at: z.iso.datetime().nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Change at least one of name, scopes, expires_at.');

export const RotateApiKeyRequestSchema = z.strictObject({
  grace_seconds: z.number().int().min(0).max(MAX_ROTATION_GRACE_SECONDS).default(0),
});

export const ApiKeyListSchema = z.strictObject({ items: z.array(ApiKeySchema) });

export type ApiKey = z.infer<typeof ApiKeySchema>;
export type CreatedApiKey = z.infer<typeof CreatedApiKeySchema>;
export type CreateApiKeyRequest = z.infer<typeof CreateApiKeyRequestSchema>;
export type UpdateApiKeyRequest = z.infer<typeof UpdateApiKeyRequestSchema>;
export type RotateApiKeyRequest = z.infer<typeof RotateApiKeyRequestSchema>;
export type ApiKeyList = z.infer<typeof ApiKeyListSchema>;
