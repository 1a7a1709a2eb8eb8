import { z } from 'zod';
import { NewPasswordSchema } from './password';
import { RoleSchema, ScopeSchema } from './access';
import { UserSchema } from './users';

/** PostgreSQL text cannot hold NUL, so a name with one could only ever fail further in. */
export const noNul = (max: number) =>
  z.string().min(1).max(max).refine((value) => !value.includes('\0'), 'Must not contain NUL characters.');

const PasswordSchema = z.string().min(1).max(1024).meta({ format: 'password' });

/** Login takes any non-empty password: the policy applies when a password is set, not when it is tried. */
export const LoginRequestSchema = z
  .strictObject({
    username: noNul(256).describe('Compared without regard to case.').meta({ examples: ['alice'] }),
    password: PasswordSchema.describe('Any non-empty password: the rules apply when one is set, not when it is tried.'),
  })
  .meta({ id: 'LoginRequest' });

const AccessTokenFields = {
  access_token: z.string().describe('A JWT: send it as `Authorization: Bearer <access_token>`.'),
  token_type: z.literal('Bearer').describe('Always `Bearer`.'),
  expires_in: z.int().positive().describe('Seconds until the access token expires.').meta({ examples: [900] }),
};

export const LoginResponseSchema = z
  .strictObject({
    ...AccessTokenFields,
    user: UserSchema,
    mfa_enrolment_required: z
      .literal(true)
      .optional()
      .describe('Present when the security policy requires a second factor you do not have yet: until you enrol one, the token holds no scopes.'),
  })
  .meta({ id: 'LoginResponse', description: 'An access token for the user; the refresh token is in the `lbx_refresh` cookie.' });

/** A refresh answers like a login; `refresh_token` only when the old one came in the body, not the cookie. */
export const RefreshResponseSchema = LoginResponseSchema.extend({
  refresh_token: z.string().optional().describe('The next refresh token, when the old one came in the body; the old one is now used up.'),
}).meta({ id: 'RefreshResponse', description: 'A new access token, and a new refresh token in place of the old one.' });

const RefreshTokenSchema = z.string().min(1).max(512).describe('A refresh token; each works once.');

/** The refresh token normally travels in the httpOnly cookie; programs may send it in the body. */
export const RefreshRequestSchema = z
  .strictObject({ refresh_token: RefreshTokenSchema.optional() })
  .meta({ id: 'RefreshRequest', description: 'Programs send the refresh token here; the SPA sends nothing and the cookie is used.' });

const GrantFields = {
  scope: z.string().optional().describe('Ignored: a token carries the scopes of its user’s role.'),
  client_id: z.string().optional().describe('Ignored: every client is public.'),
};

/** RFC 6749 §4.3 and §6 (application/x-www-form-urlencoded). */
export const TokenRequestSchema = z
  .discriminatedUnion('grant_type', [
    z
      .object({ grant_type: z.literal('password'), username: noNul(256), password: PasswordSchema, ...GrantFields })
      .meta({ id: 'PasswordGrant', description: 'RFC 6749 §4.3: a username and a password for tokens.' }),
    z
      .object({ grant_type: z.literal('refresh_token'), refresh_token: RefreshTokenSchema, ...GrantFields })
      .meta({ id: 'RefreshTokenGrant', description: 'RFC 6749 §6: a refresh token for new tokens.' }),
  ])
  .meta({ id: 'TokenRequest' });

export const TokenResponseSchema = z
  .strictObject({
    ...AccessTokenFields,
    refresh_token: z.string().describe('Works once, for the next tokens.'),
    scope: z.string().describe('The scopes of the token, space-separated.').meta({ examples: ['images:read images:write'] }),
  })
  .meta({ id: 'TokenResponse', description: 'RFC 6749 §5.1.' });

/** RFC 6749 §5.2: the token endpoint's own error shape. */
export const OAuthErrorSchema = z
  .strictObject({
    error: z
      .enum(['invalid_request', 'invalid_grant', 'unsupported_grant_type', 'invalid_client', 'invalid_scope'])
      .describe('RFC 6749 §5.2: `invalid_grant` for a wrong password or a used refresh token.'),
    error_description: z.string().describe('A sentence for a person.'),
  })
  .meta({ id: 'OAuthError', description: 'RFC 6749 §5.2: the token endpoint answers errors in this shape, not as problem+json.' });

export const ChangePasswordRequestSchema = z
  .strictObject({
    current_password: PasswordSchema.describe('Your password now: a wrong one is 400 on `current_password`.'),
    new_password: NewPasswordSchema,
  })
  .meta({ id: 'ChangePasswordRequest' });

export const UserPrincipalSchema = z
  .strictObject({
    kind: z.literal('user').describe('A person.'),
    id: z.uuid().describe('The user’s id.'),
    username: z.string(),
    role: RoleSchema,
    scopes: z.array(ScopeSchema).describe('The scopes of the role.'),
  })
  .meta({ id: 'UserPrincipal', description: 'A person, signed in with an access token.' });

export const ApiKeyPrincipalSchema = z
  .strictObject({
    kind: z.literal('api_key').describe('An API key.'),
    id: z.uuid().describe('The key’s id.'),
    name: z.string(),
    prefix: z.string().describe('The first characters of the key, to recognise it.'),
    scopes: z.array(ScopeSchema).describe('The key’s scopes, as far as its holder’s role still allows them.'),
  })
  .meta({ id: 'ApiKeyPrincipal', description: 'A program, calling with an API key.' });

export const MeSchema = z
  .discriminatedUnion('kind', [UserPrincipalSchema, ApiKeyPrincipalSchema])
  .meta({ id: 'Me', description: 'Who is calling.' });

export const SessionSchema = z
  .strictObject({
    id: z.uuid(),
    created_at: z.iso.datetime().describe('When the session began (the login).'),
    last_used_at: z.iso.datetime().describe('When it was last refreshed.'),
    expires_at: z.iso.datetime().describe('When it ends unless refreshed.'),
    user_agent: z.string().nullable().describe('The browser or program that logged in.'),
    ip: z.string().nullable().describe('The address it logged in from.'),
    current: z.boolean().describe('Whether this is the session of the request.'),
  })
  .meta({ id: 'Session', description: 'A login that can still be refreshed.' });

export const SessionListSchema = z.strictObject({ items: z.array(SessionSchema) }).meta({ id: 'SessionList' });

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
