import { z } from 'zod';
import { NewPasswordSchema } from './password';
import { SCOPES } from './scopes';
import { UserSchema } from './users';

/** PostgreSQL text cannot hold NUL, so a name with one could only ever fail further in. */
export const noNul = (max: number) =>
  z.string().min(1).max(max).refine((value) => !value.includes('\0'), 'Must not contain NUL characters.');

/** Login takes any non-empty password: the policy applies when a password is set, not when it is tried. */
export const LoginRequestSchema = z.strictObject({
  username: noNul(256),
  password: z.string().min(1).max(1024),
});

export const LoginResponseSchema = z.strictObject({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
  user: UserSchema,
});

/** A refresh answers like a login; `refresh_token` only when the old one came in the body, not the cookie. */
export const RefreshResponseSchema = LoginResponseSchema.extend({ refresh_token: z.string().optional() });

/** The refresh token normally travels in the httpOnly cookie; programs may send it in the body. */
export const RefreshRequestSchema = z.strictObject({ refresh_token: z.string().min(1).max(512).optional() });

/** RFC 6749 §4.3 and §6 (application/x-www-form-urlencoded). */
export const TokenRequestSchema = z.discriminatedUnion('grant_type', [
  z.object({
    grant_type: z.literal('password'),
    username: noNul(256),
    password: z.string().min(1).max(1024),
    scope: z.string().optional(),
    client_id: z.string().optional(),
  }),
  z.object({
    grant_type: z.literal('refresh_token'),
    refresh_token: z.string().min(1).max(512),
    scope: z.string().optional(),
    client_id: z.string().optional(),
  }),
]);

export const TokenResponseSchema = z.strictObject({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
  refresh_token: z.string(),
  scope: z.string(),
});

/** RFC 6749 §5.2: the token endpoint's own error shape. */
export const OAuthErrorSchema = z.strictObject({
  error: z.enum(['invalid_request', 'invalid_grant', 'unsupported_grant_type', 'invalid_client', 'invalid_scope']),
  error_description: z.string(),
});

export const ChangePasswordRequestSchema = z.strictObject({
  current_password: z.string().min(1).max(1024),
  new_password: NewPasswordSchema,
});

export const MeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('user'),
    id: z.uuid(),
    username: z.string(),
    role: UserSchema.shape.role,
    scopes: z.array(z.enum(SCOPES)),
  }),
  z.strictObject({
    kind: z.literal('api_key'),
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(SCOPES)),
  }),
]);

export const SessionSchema = z.strictObject({
  id: z.uuid(),
  created_at: z.iso.datetime(),
  last_used_at: z.iso.datetime(),
  expires_at: z.iso.datetime(),
  user_agent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean(),
});

export const SessionListSchema = z.strictObject({ items: z.array(SessionSchema) });

export type LoginRequest = z.infer<typeof LoginRequestSchema>;
export type LoginResponse = z.infer<typeof LoginResponseSchema>;
export type RefreshResponse = z.infer<typeof RefreshResponseSchema>;
export type RefreshRequest = z.infer<typeof RefreshRequestSchema>;
export type TokenRequest = z.infer<typeof TokenRequestSchema>;
export type TokenResponse = z.infer<typeof TokenResponseSchema>;
export type OAuthError = z.infer<typeof OAuthErrorSchema>;
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>;
export type Me = z.infer<typeof MeSchema>;
export type Session = z.infer<typeof SessionSchema>;
export type SessionList = z.infer<typeof SessionListSchema>;

/** The refresh cookie: httpOnly, SameSite=Strict, scoped to the auth endpoints. */
export const REFRESH_COOKIE = 'lbx_refresh';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';
