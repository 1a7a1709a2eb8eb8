import { NewPasswordSchema, SIGNUP_MODES, SIGNUP_ROLES, UsernameSchema } from '@lightbox/auth-contracts';
import { isIP } from 'node:net';
import { z } from 'zod';

const emptyToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const integer = (min: number, max: number, fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(fallback));

const origin = z.string().refine((value) => {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}, 'must be an origin such as https://photos.example.com (scheme, host, optional port; no path)');

const list = (item: z.ZodType<string>) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : []),
    z.array(item),
  );

const isIpOrCidr = (entry: string) => {
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};

const trustProxy = z
  .preprocess(emptyToUndefined, z.string().optional())
  .transform((value, ctx) => {
    const lowered = value?.toLowerCase();
    if (lowered === undefined || lowered === 'false') return false;
    if (lowered === 'true') return true;
    if (/^\d+$/.test(lowered)) return Number(lowered);
    const entries = lowered.split(',').map((part) => part.trim());
    if (!entries.every(isIpOrCidr)) {
      ctx.addIssue({ code: 'custom', message: 'must be true, false, a hop count, or IP addresses/CIDRs separated by commas' });
      return z.NEVER;
    }
    return entries;
  });

/** The environment variables of DESIGN.md §6, as they arrive: strings, validated and coerced. */
export const SettingsSchema = z.object({
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  PORT: integer(0, 65535, 3000),
  HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  ),
  REDIS_URL: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  ),
  JWT_SECRET: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((value) => Buffer.byteLength(value, 'utf8') >= 32, 'must be at least 32 bytes long')
      .optional(),
  ),
  JWT_ISSUER: z.preprocess(emptyToUndefined, z.string().default('lightbox')),
  JWT_AUDIENCE: z.preprocess(emptyToUndefined, z.string().default('lightbox-api')),
  JWT_ACCESS_TTL: integer(30, 86_400, 900),
  REFRESH_TTL: integer(60, 31_536_000, 2_592_000),
  OWNER_USERNAME: z.preprocess(emptyToUndefined, UsernameSchema.default('owner')),
  OWNER_PASSWORD: z.preprocess(emptyToUndefined, NewPasswordSchema.optional()),
  OWNER_PASSWORD_HASH: z.preprocess(
    emptyToUndefined,
    z.string().startsWith('$argon2id$', 'must be an argon2id hash ($argon2id$…)').optional(),
  ),
  WEBAUTHN_ORIGIN: z.preprocess(emptyToUndefined, origin.optional()),
  WEBAUTHN_RP_ID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[a-z0-9.-]+$/, 'must be a domain name such as photos.example.com')
      .refine((value) => isIP(value) === 0, 'must be a domain name: WebAuthn refuses IP addresses')
      .optional(),
  ),
  MFA_ENCRYPTION_KEY: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((value) => Buffer.byteLength(value, 'utf8') >= 32, 'must be at least 32 bytes long')
      .optional(),
  ),
  CORS_ORIGINS: list(origin),
  TRUST_PROXY: trustProxy,
  MAX_UPLOAD_MB: integer(1, 1024, 20),
  SIGNUP: z.preprocess(emptyToUndefined, z.enum(SIGNUP_MODES).default('off')),
  SIGNUP_ROLE: z.preprocess(emptyToUndefined, z.enum(SIGNUP_ROLES).default('viewer')),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
});

export type Settings = z.infer<typeof SettingsSchema>;
