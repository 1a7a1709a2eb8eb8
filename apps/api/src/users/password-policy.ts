import { ErrorCode, NewPasswordSchema } from '@lightbox/auth-contracts';
import { AppError } from '../http/app-error';
import { COMMON_PASSWORDS } from './common-passwords';

/**
 * Every rule a new password meets, wherever it is set (the API, the CLI): the contracts' length
 * (also checked at the edge), not a well-known password, not the username. Throws 400
 * validation_failed on `field`.
 */
export function assertAcceptablePassword(password: string, username: string, field: string): void {
  const problem = passwordProblem(password, username);
  if (problem) {
    throw new AppError(ErrorCode.ValidationFailed, 'Some fields are not valid.', {
      errors: [{ path: field, message: problem }],
    });
  }
}

function passwordProblem(password: string, username: string): string | undefined {
  const length = NewPasswordSchema.safeParse(password).error;
  if (length) return length.issues[0].message;
  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) return 'This password is too common: choose another.';
  if (lowered === username.toLowerCase()) return 'The password cannot be the username.';
  return undefined;
}
