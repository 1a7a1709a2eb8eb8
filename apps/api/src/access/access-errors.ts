import { AUTH_REALM, ErrorCode, type Scope, WWW_AUTHENTICATE_HEADER } from '@lightbox/auth-contracts';
import { AppError } from '../http/app-error';

/** RFC 6750 §3: refused credentials → error="invalid_token" (none at all: BEARER_CHALLENGE, added by the filter). */
const INVALID_TOKEN_CHALLENGE = `Bearer realm="${AUTH_REALM}", error="invalid_token"`;

/** The filter adds BEARER_CHALLENGE to every 401 that has none of its own. */
export function authenticationRequired(): AppError {
  return new AppError(ErrorCode.AuthenticationRequired, 'Log in or send an API key.');
}

type CredentialErrorCode =
  | typeof ErrorCode.InvalidToken
  | typeof ErrorCode.TokenExpired
  | typeof ErrorCode.InvalidApiKey
  | typeof ErrorCode.ApiKeyRevoked
  | typeof ErrorCode.ApiKeyExpired
  | typeof ErrorCode.InvalidShareLink;

export const CREDENTIAL_DETAIL: Readonly<Record<CredentialErrorCode, string>> = {
  invalid_token: 'The access token is not valid.',
  token_expired: 'The access token has expired.',
  invalid_api_key: 'The API key is not valid.',
  api_key_revoked: 'The API key has been revoked.',
  api_key_expired: 'The API key has expired.',
  invalid_share_link: 'This share link is not valid.',
};

export function credentialRefused(code: CredentialErrorCode): AppError {
  return new AppError(code, CREDENTIAL_DETAIL[code], { headers: { [WWW_AUTHENTICATE_HEADER]: INVALID_TOKEN_CHALLENGE } });
}

export function insufficientScope(required: readonly Scope[], detail = `This needs the scope ${required.join(' ')}.`): AppError {
  return new AppError(ErrorCode.InsufficientScope, detail, {
    headers: {
      [WWW_AUTHENTICATE_HEADER]: `Bearer realm="${AUTH_REALM}", error="insufficient_scope", scope="${required.join(' ')}"`,
    },
  });
}

/** A route for people (sessions, passwords, keys): an API key is refused whatever its scopes. */
export function apiKeyRefused(required: readonly Scope[]): AppError {
  return insufficientScope(required, 'An API key cannot do this: log in as a user.');
}

/** A refresh token was sent and refused: the same challenge as a refused access token. */
export function refreshRefused(code: typeof ErrorCode.InvalidToken | typeof ErrorCode.RefreshTokenReused, detail: string): AppError {
  return new AppError(code, detail, { headers: { [WWW_AUTHENTICATE_HEADER]: INVALID_TOKEN_CHALLENGE } });
}

/** RFC 9470 §3: the token is good, its authentication is too old or too weak for this route. */
export function stepUpRequired(maxAgeSeconds: number): AppError {
  return new AppError(ErrorCode.StepUpRequired, 'Confirm it is you: this needs a recent sign-in with your strongest factor.', {
    headers: {
      [WWW_AUTHENTICATE_HEADER]: `Bearer realm="${AUTH_REALM}", error="insufficient_user_authentication", error_description="A recent authentication with your strongest factor is needed", max_age=${maxAgeSeconds}`,
    },
  });
}
