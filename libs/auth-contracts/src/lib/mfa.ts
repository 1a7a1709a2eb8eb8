import { z } from 'zod';
import { RoleSchema } from './access';
import { LoginResponseSchema, noNul } from './auth';
import { AMR_VALUES, MFA_METHODS, RECOVERY_CODE_COUNT, STEP_UP_METHODS, TOTP_DIGITS } from './mfa-rules';

const base64url = z.string().min(1).max(8192).regex(/^[A-Za-z0-9_-]+$/, 'Must be base64url.');

export const MfaMethodSchema = z.enum(MFA_METHODS).meta({
  id: 'MfaMethod',
  description: '`totp` a code from an authenticator app, `recovery_code` one of the ten, `webauthn` a passkey.',
});

export const AuthMethodSchema = z.enum(AMR_VALUES).meta({ id: 'AuthMethod', description: 'RFC 8176 authentication method reference.' });

/** What every WebAuthn answer of @simplewebauthn/browser carries beside its `response`. */
const CredentialFields = {
  id: base64url,
  rawId: base64url,
  type: z.literal('public-key'),
  clientExtensionResults: z.looseObject({}),
  authenticatorAttachment: z.string().max(32).optional(),
};

/**
 * What a browser's `navigator.credentials.create()` answers, as @simplewebauthn/browser encodes
 * it. Only its shape is judged here; what it proves, the server judges.
 */
export const RegistrationResponseSchema = z
  .looseObject({
    ...CredentialFields,
    response: z.looseObject({
      clientDataJSON: base64url,
      attestationObject: base64url,
      transports: z.array(z.string().max(32)).max(8).optional(),
    }),
  })
  .meta({ id: 'PasskeyRegistrationResponse', description: 'The answer of `navigator.credentials.create()`, as `@simplewebauthn/browser` returns it.' });

/** What `navigator.credentials.get()` answers, as @simplewebauthn/browser encodes it. */
export const AuthenticationResponseSchema = z
  .looseObject({
    ...CredentialFields,
    response: z.looseObject({
      clientDataJSON: base64url,
      authenticatorData: base64url,
      signature: base64url,
      userHandle: base64url.optional(),
    }),
  })
  .meta({ id: 'PasskeyAuthenticationResponse', description: 'The answer of `navigator.credentials.get()`, as `@simplewebauthn/browser` returns it.' });

/** Options for `startRegistration` / `startAuthentication` of @simplewebauthn/browser, passed on untouched. */
export const PasskeyOptionsSchema = z
  .looseObject({ challenge: z.string().describe('Single use; expires in 5 minutes.') })
  .meta({ id: 'PasskeyOptions', description: 'WebAuthn options (JSON), for `@simplewebauthn/browser`.' });

export const TotpCodeSchema = z
  .string()
  .regex(new RegExp(`^\\d{${TOTP_DIGITS}}$`), `Enter the ${TOTP_DIGITS} digits your app shows.`)
  .describe(`The ${TOTP_DIGITS}-digit code of your authenticator app.`)
  .meta({ examples: ['123456'] });

export const RecoveryCodeSchema = z
  .string()
  .min(1)
  .max(64)
  .describe('One of your recovery codes; spaces, dashes and case do not matter. Each works once.')
  .meta({ examples: ['ABCD-EFGH-JKLM-NPQR'] });

const SecondFactorFields = {
  totp: TotpCodeSchema.optional(),
  recovery_code: RecoveryCodeSchema.optional(),
  webauthn: AuthenticationResponseSchema.optional().describe('A passkey’s answer to the `webauthn_options` of the `mfa_required` answer.'),
};

const exactlyOne =
  (fields: readonly string[]) =>
  (body: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const given = fields.filter((field) => body[field] !== undefined);
    if (given.length !== 1) ctx.addIssue({ code: 'custom', path: [], message: `Send exactly one of ${fields.join(', ')}.` });
  };

export const MfaLoginRequestSchema = z
  .strictObject({
    mfa_token: z.string().min(1).max(256).describe('From the `mfa_required` answer of the login; works for 5 minutes, and once.'),
    ...SecondFactorFields,
  })
  .superRefine(exactlyOne(['totp', 'recovery_code', 'webauthn']))
  .meta({ id: 'MfaLoginRequest', description: 'The `mfa_token` and exactly one second factor.' });

export const ReauthRequestSchema = z
  .strictObject({
    password: z.string().min(1).max(1024).meta({ format: 'password' }).optional(),
    ...SecondFactorFields,
    webauthn: AuthenticationResponseSchema.optional().describe(
      'A passkey’s answer to options from `POST /auth/passkeys/authentication-options`, asked with your token.',
    ),
  })
  .superRefine(exactlyOne(['password', 'totp', 'recovery_code', 'webauthn']))
  .meta({ id: 'ReauthRequest', description: 'Exactly one of: your password, a TOTP code, a recovery code, a passkey’s answer.' });

export const PasskeyLoginRequestSchema = z
  .strictObject({ webauthn: AuthenticationResponseSchema })
  .meta({ id: 'PasskeyLoginRequest', description: 'A discoverable passkey’s answer to options from `POST /auth/passkeys/authentication-options`.' });

export const ReauthResponseSchema = LoginResponseSchema.meta({
  id: 'ReauthResponse',
  description: 'A new access token with a fresh `auth_time`; the session and its refresh cookie stay as they were.',
});

export const PasskeyNameSchema = noNul(64).describe('A name to recognise it by, such as “Phone”.').meta({ examples: ['Phone'] });

export const RegisterPasskeyRequestSchema = z
  .strictObject({ name: PasskeyNameSchema, webauthn: RegistrationResponseSchema })
  .meta({ id: 'RegisterPasskeyRequest' });

export const UpdatePasskeyRequestSchema = z.strictObject({ name: PasskeyNameSchema }).meta({ id: 'UpdatePasskeyRequest' });

export const PasskeySchema = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    created_at: z.iso.datetime(),
    last_used_at: z.iso.datetime().nullable().describe('When it last signed in or confirmed something.'),
    synced: z.boolean().describe('Whether it is a synced passkey (backed up to a password manager or cloud keychain).'),
  })
  .meta({ id: 'Passkey', description: 'One of your passkeys.' });

export const PasskeyListSchema = z.strictObject({ items: z.array(PasskeySchema) }).meta({ id: 'PasskeyList' });

export const TotpEnrolmentSchema = z
  .strictObject({
    secret: z.string().describe('The secret in base32, for typing into an app: shown this once.'),
    otpauth_uri: z.string().describe('The `otpauth://totp/…` URI the QR code holds.'),
    qr_code: z.string().describe('The QR code, as an SVG data URL.'),
  })
  .meta({ id: 'TotpEnrolment', description: 'A new TOTP secret, not yet in force: confirm it with a first code.' });

export const ConfirmTotpRequestSchema = z.strictObject({ code: TotpCodeSchema }).meta({ id: 'ConfirmTotpRequest' });

export const RecoveryCodesSchema = z
  .strictObject({
    codes: z.array(z.string()).length(RECOVERY_CODE_COUNT).describe('Each works once. Shown this once: keep them somewhere safe.'),
  })
  .meta({ id: 'RecoveryCodes', description: 'New recovery codes; the old ones no longer work.' });

export const SecondFactorsSchema = z
  .strictObject({
    totp: z.boolean().describe('Whether an authenticator app is enrolled.'),
    passkeys: z.int().min(0).describe('How many passkeys you have.'),
    recovery_codes_left: z.int().min(0).describe('Unused recovery codes.'),
    required: z.boolean().describe('Whether the security policy requires a second factor of your role.'),
    step_up_methods: z
      .array(z.enum(STEP_UP_METHODS))
      .describe('What `POST /auth/reauth` takes from you to pass a step-up: your strongest factor (a passkey, else the app or a recovery code, else the password).'),
    amr: z.array(AuthMethodSchema).describe('How this session last authenticated (RFC 8176).'),
    auth_time: z.iso.datetime().nullable().describe('When this session last authenticated.'),
  })
  .meta({ id: 'SecondFactors', description: 'Your second factors.' });

export const SecurityPolicySchema = z
  .strictObject({
    mfa_required_roles: z.array(RoleSchema).max(4).describe('Roles whose people must have a second factor: without one they can only enrol one.'),
  })
  .meta({ id: 'SecurityPolicy', description: 'Who must use a second factor.' });

export type MfaLoginRequest = z.infer<typeof MfaLoginRequestSchema>;
export type ReauthRequest = z.infer<typeof ReauthRequestSchema>;
export type PasskeyLoginRequest = z.infer<typeof PasskeyLoginRequestSchema>;
export type RegistrationResponse = z.infer<typeof RegistrationResponseSchema>;
export type AuthenticationResponse = z.infer<typeof AuthenticationResponseSchema>;
export type PasskeyOptions = z.infer<typeof PasskeyOptionsSchema>;
export type RegisterPasskeyRequest = z.infer<typeof RegisterPasskeyRequestSchema>;
export type UpdatePasskeyRequest = z.infer<typeof UpdatePasskeyRequestSchema>;
export type Passkey = z.infer<typeof PasskeySchema>;
export type PasskeyList = z.infer<typeof PasskeyListSchema>;
export type TotpEnrolment = z.infer<typeof TotpEnrolmentSchema>;
export type ConfirmTotpRequest = z.infer<typeof ConfirmTotpRequestSchema>;
export type RecoveryCodes = z.infer<typeof RecoveryCodesSchema>;
export type SecondFactors = z.infer<typeof SecondFactorsSchema>;
export type SecurityPolicy = z.infer<typeof SecurityPolicySchema>;
