import { HttpErrorResponse } from '@angular/common/http';
import type { ErrorCode, Problem } from '@lightbox/auth-contracts';

/** The problem+json body of a failed API call; empty for anything else (no answer, not JSON). */
export function problemOf(error: unknown): Partial<Problem> {
  if (!(error instanceof HttpErrorResponse)) return {};
  return typeof error.error === 'object' && error.error !== null ? (error.error as Partial<Problem>) : {};
}

/** Whether the API refused with this code: programs branch on `code`, never on words. */
export function hasCode(error: unknown, code: ErrorCode): boolean {
  return problemOf(error).code === code;
}
