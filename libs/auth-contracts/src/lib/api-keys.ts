import { z } from 'zod';
import { ApiKeyScopeSchema } from './access';

/** Requests per minute a key may make unless its creator chose otherwise: generous, for programs. */
export const DEFAULT_API_KEY_RATE_LIMIT = 600;
export const MAX_API_KEY_RATE_LIMIT = 100_000;

/** Longest grace period a rotated key may keep working: 7 days. */
export const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 3600;

const KeyNameSchema = z.string().trim().min(1).max(100).meta({ description: 'A name to recognise the key by.', examples: ['nightly backup'] });
const KeyScopesSchema = z.array(ApiKeyScopeSchema).min(1).describe('At least one; none beyond those of your role.');

export const ApiKeySchema = z
  .strictObject({
    id: z.uuid(),
    name: z.string().meta({ examples: ['nightly backup'] }),
    /** The first 12 characters (`lbx_` + 8): enough to recognise a key, useless to use one. */
    prefix: z.string().describe('The first 12 characters of the key: enough to recognise it, useless to use it.').meta({ examples: ['lbx_3kT9qZ2m'] }),
    scopes: z.array(ApiKeyScopeSchema).describe('What the key may do, as far as its holder’s role still allows.'),
    rate_limit_per_minute: z.int().min(1).max(MAX_API_KEY_RATE_LIMIT).describe('Requests per minute; more are answered 429.'),
    user_id: z.uuid().describe('The user the key acts for.'),
    status: z.enum(['active', 'revoked', 'expired']).describe('Only an active key is accepted.'),
    created_at: z.iso.datetime().describe('When it was created (or rotated into being).'),
    expires_at: z.iso.datetime().nullable().describe('`null`: it does not expire.'),
    revoked_at: z.iso.datetime().nullable().describe('When it stopped (or, after a rotation with grace, stops) working.'),
    last_used_at: z.iso.datetime().nullable().describe('Updated at most once a minute.'),
  })
  .meta({ id: 'ApiKey', description: 'An API key, without the key itself.' });

/** Only the answer to create and rotate carries the key itself, and only that once. */
export const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z.string().describe('The key: send it in `X-API-Key`. It is shown this once and cannot be read again.'),
}).meta({ id: 'CreatedApiKey', description: 'A new key, with the key itself this once.' });

export const CreateApiKeyRequestSchema = z
  .strictObject({
    name: KeyNameSchema,
    scopes: KeyScopesSchema,
    expires_at: z.iso.datetime().optional().describe('Leave out for a key that does not expire.'),
    rate_limit_per_minute: z
      .int()
      .min(1)
      .max(MAX_API_KEY_RATE_LIMIT)
      .optional()
      .describe(`Requests per minute; ${DEFAULT_API_KEY_RATE_LIMIT} when left out.`),
  })
  .meta({ id: 'CreateApiKeyRequest' });

export const UpdateApiKeyRequestSchema = z
  .strictObject({
    name: KeyNameSchema.optional(),
    scopes: KeyScopesSchema.optional(),
    expires_at: z.iso.datetime().nullable().optional().describe('`null`: the key no longer expires.'),
  })
  .refine((body) => Object.keys(body).length > 0, 'Change at least one of name, scopes, expires_at.')
  .meta({ id: 'UpdateApiKeyRequest', description: 'At least one field; changes apply to the next request made with the key.' });

export const RotateApiKeyRequestSchema = z
  .strictObject({
    grace_seconds: z
      .int()
      .min(0)
      .max(MAX_ROTATION_GRACE_SECONDS)
      .default(0)
      .describe('How long the old key keeps working; 0 ends it at once.'),
  })
  .meta({ id: 'RotateApiKeyRequest' });

export const ApiKeyListSchema = z.strictObject({ items: z.array(ApiKeySchema) }).meta({ id: 'ApiKeyList', description: 'Newest first.' });

export type ApiKey = z.infer<typeof ApiKeySchema>;
export type CreatedApiKey = z.infer<typeof CreatedApiKeySchema>;
export type CreateApiKeyRequest = z.infer<typeof CreateApiKeyRequestSchema>;
export type UpdateApiKeyRequest = z.infer<typeof UpdateApiKeyRequestSchema>;
export type RotateApiKeyRequest = z.infer<typeof RotateApiKeyRequestSchema>;
export type ApiKeyList = z.infer<typeof ApiKeyListSchema>;
