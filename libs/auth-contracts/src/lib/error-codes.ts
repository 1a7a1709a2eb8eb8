/**
 * Stable, machine-readable error codes carried in every problem+json body (`code`).
 * Clients branch on these, never on `title` or `detail`: renaming one is a breaking change.
 */
export const ErrorCode = {
  AuthenticationRequired: 'authentication_required',
  InvalidToken: 'invalid_token',
  TokenExpired: 'token_expired',
  InvalidApiKey: 'invalid_api_key',
  ApiKeyRevoked: 'api_key_revoked',
  ApiKeyExpired: 'api_key_expired',
  InvalidCredentials: 'invalid_credentials',
  InsufficientScope: 'insufficient_scope',
  NotOwner: 'not_owner',
  CrossSiteRequest: 'cross_site_request',
  ValidationFailed: 'validation_failed',
  NotFound: 'not_found',
  Conflict: 'conflict',
  TooManyRequests: 'too_many_requests',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  RefreshTokenReused: 'refresh_token_reused',
  MfaRequired: 'mfa_required',
  InvalidMfa: 'invalid_mfa',
  StepUpRequired: 'step_up_required',
  InvalidShareLink: 'invalid_share_link',
  ShareLinkExpired: 'share_link_expired',
  ShareLinkPasswordRequired: 'share_link_password_required',
  InvalidInvitation: 'invalid_invitation',
  InvitationUsed: 'invitation_used',
  InvitationExpired: 'invitation_expired',
  InvitationRevoked: 'invitation_revoked',
  ServiceUnavailable: 'service_unavailable',
  InternalError: 'internal_error',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
