import { HttpErrorResponse } from '@angular/common/http';
import { ErrorCode } from '@lightbox/auth-contracts';
import { fieldInWords } from './field-problems';
import { problemOf } from './problem';

/** Seconds from a Retry-After header, in words: "30 seconds", "2 minutes". */
export function waitInWords(retryAfter: string | null): string {
  const seconds = Math.max(1, Math.ceil(Number(retryAfter) || 60));
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/**
 * How a browser ends a passkey ceremony it did not complete (DOMException names, which
 * @simplewebauthn/browser keeps on the errors it wraps them in).
 */
const PASSKEY_REFUSALS: ReadonlyMap<string, string> = new Map([
  ['NotAllowedError', 'No passkey was used: the request was cancelled or timed out.'],
  ['InvalidStateError', 'This device already holds a passkey for your account.'],
  ['SecurityError', 'Passkeys do not work at this address.'],
  ['AbortError', 'The passkey request was stopped.'],
]);

export const IMAGES_TAKEN = 'Lightbox takes JPEG, PNG, WebP, GIF and AVIF images only.';

/** What went wrong, in words a person understands, from any error an API call or a passkey can end with. */
export function errorMessage(error: unknown): string {
  const refusal = error instanceof Error ? PASSKEY_REFUSALS.get(error.name) : undefined;
  if (refusal) return refusal;
  if (!(error instanceof HttpErrorResponse)) return 'Something went wrong. Try again.';
  if (error.status === 0) return 'The server does not answer. Check your connection and try again.';
  const problem = problemOf(error);
  switch (problem.code) {
    case ErrorCode.InvalidCredentials:
      return 'Wrong username or password.';
    case ErrorCode.InvalidMfa:
      return 'That was not accepted: the code is wrong or was used already, or the passkey is not one of yours.';
    case ErrorCode.StepUpRequired:
      return 'Confirm it is you first: this needs a recent sign-in with your strongest factor.';
    case ErrorCode.TooManyRequests:
      return `Too many attempts. Try again in ${waitInWords(error.headers.get('Retry-After'))}.`;
    case ErrorCode.ValidationFailed: {
      const fields = (problem.errors ?? []).map((field) => (field.path ? `${fieldInWords(field.path)}: ${field.message}` : field.message));
      return fields.length ? `Please check: ${fields.join('; ')}` : (problem.detail ?? 'Please check what you entered.');
    }
    case ErrorCode.PayloadTooLarge:
      return problem.detail ?? 'The file is too large.';
    case ErrorCode.UnsupportedMediaType:
      return IMAGES_TAKEN;
    case ErrorCode.NotOwner:
      return 'Only its owner (or an admin) can change this.';
    case ErrorCode.InsufficientScope:
      return 'Your account is not allowed to do this.';
    case ErrorCode.NotFound:
      return 'It is not there any more. It may have been deleted.';
    case ErrorCode.AuthenticationRequired:
    case ErrorCode.InvalidToken:
    case ErrorCode.TokenExpired:
    case ErrorCode.RefreshTokenReused:
      return 'Your session has ended. Log in again.';
    case ErrorCode.ServiceUnavailable:
      return 'The server cannot do this right now. Try again in a moment.';
    default:
      return problem.detail ?? (error.status >= 500 ? 'The server ran into a problem. Try again.' : 'That did not work. Try again.');
  }
}

/** A load that failed: why, in words, and whether asking again may succeed (what is gone stays gone). */
export interface LoadFailure {
  readonly message: string;
  readonly retryable: boolean;
}

export function loadFailure(error: unknown): LoadFailure {
  const status = error instanceof HttpErrorResponse ? error.status : 0;
  return { message: errorMessage(error), retryable: status === 0 || status === 408 || status === 429 || status >= 500 };
}
