import { ErrorCode } from '@lightbox/auth-contracts';
import { AppError } from '../http/app-error';
import { COMMON_PASSWORDS } from './common-passwords';

/**
 * The rules beyond length (which the contracts' NewPasswordSchema checks at the edge): not a
 * well-known password, not the username. Throws 400 validation_failed on `field`.
 */
export function assertAcceptablePassword(password: string, username: string, field: string): void {
  const lowered = password.toLowerCase();
  const problem = COMMON_PASSWORDS.has(lowered)
    ? 'This password is too common: choose another.'
    : lowered === username.toLowerCase()
      ? 'The password cannot be the username.'
      : undefined;
  if (problem) {
    throw new AppError(ErrorCode.ValidationFailed, 'Some fields are not valid.', {
      errors: [{ path: field, message: problem }],
    });
  }
}
