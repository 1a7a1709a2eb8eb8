import { ErrorCode, FieldError, type Problem } from '@lightbox/auth-contracts';

/** The HTTP status each error code is answered with: one table, so a code never drifts. */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  authentication_required: 401,
  invalid_token: 401,
  token_expired: 401,
  invalid_api_key: 401,
  api_key_revoked: 401,
  api_key_expired: 401,
  invalid_credentials: 401,
  refresh_token_reused: 401,
  mfa_required: 401,
  invalid_mfa: 401,
  step_up_required: 401,
  invalid_share_link: 401,
  share_link_password_required: 401,
  invalid_invitation: 401,
  insufficient_scope: 403,
  not_owner: 403,
  cross_site_request: 403,
  validation_failed: 400,
  not_found: 404,
  conflict: 409,
  share_link_expired: 410,
  invitation_used: 410,
  invitation_expired: 410,
  invitation_revoked: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal_error: 500,
  service_unavailable: 503,
};

export const NOT_FOUND_DETAIL = 'There is nothing at this address.';

export interface AppErrorOptions {
  errors?: FieldError[];
  headers?: Record<string, string>;
  /** RFC 9457 §3.2 extension members, beside `code` (the `mfa_token` of `mfa_required`). */
  extensions?: Pick<Problem, 'mfa_token' | 'mfa_methods' | 'webauthn_options' | 'reason'>;
}

/**
 * The one error type that reaches clients: a stable code, a sentence for a person, and any
 * headers the answer needs (Retry-After, WWW-Authenticate). ProblemDetailsFilter renders it.
 */
export class AppError extends Error {
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly extensions: AppErrorOptions['extensions'];

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    options: AppErrorOptions = {},
  ) {
    super(detail);
    this.name = 'AppError';
    this.status = STATUS_BY_CODE[code];
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions;
  }
}
