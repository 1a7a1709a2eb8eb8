import type { OAuthError as OAuthErrorBody } from '@lightbox/auth-contracts';

/** The token endpoint alone answers in RFC 6749 §5.2's shape instead of problem+json. */
export class OAuthError extends Error {
  readonly status: number;

  constructor(
    readonly error: OAuthErrorBody['error'],
    readonly description: string,
  ) {
    super(description);
    this.name = 'OAuthError';
    this.status = error === 'invalid_client' ? 401 : 400;
  }

  toBody(): OAuthErrorBody {
    return { error: this.error, error_description: this.description };
  }
}
