/** The second factors a login can be completed with (`mfa_methods` of an `mfa_required` answer). */
export const MFA_METHODS = ['totp', 'recovery_code', 'webauthn'] as const;
export type MfaMethod = (typeof MFA_METHODS)[number];

/** What `POST /auth/reauth` takes: a second factor, or the password. */
export const STEP_UP_METHODS = ['password', ...MFA_METHODS] as const;
export type StepUpMethod = (typeof STEP_UP_METHODS)[number];

/**
 * RFC 8176 authentication method references, as access tokens carry them in `amr`: `pwd` a
 * password, `otp` a one-time code (TOTP or a recovery code), `hwk` a passkey bound to one device,
 * `swk` a synced passkey, `user` a user-verification gesture (PIN, biometrics), `mfa` more than one.
 */
export const AMR_VALUES = ['pwd', 'otp', 'hwk', 'swk', 'user', 'mfa'] as const;
export type AuthMethod = (typeof AMR_VALUES)[number];

/** How recent an authentication a step-up route asks for, by default (RFC 9470 `max_age`). */
export const STEP_UP_MAX_AGE_SECONDS = 600;

/** RFC 6238 as every authenticator app speaks it. */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;

export const RECOVERY_CODE_COUNT = 10;
/** Sixteen base32 characters (80 bits) in groups of four: `ABCD-EFGH-JKLM-NPQR`. */
export const RECOVERY_CODE_PATTERN = /^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/;

/** How long a challenge (a passkey ceremony, an `mfa_token`) lives. */
export const CHALLENGE_TTL_SECONDS = 300;
