import { DrizzleQueryError } from 'drizzle-orm';

/**
 * What of an unexpected error may be logged. A failed query's message and params carry the
 * values it was given (password and token hashes), so only its SQL and the driver's code are kept.
 */
export function loggableError(error: unknown): object {
  if (error instanceof DrizzleQueryError) {
    const cause = error.cause as { code?: string; message?: string } | undefined;
    return { err: { type: 'DrizzleQueryError', query: error.query, code: cause?.code, cause: cause?.message } };
  }
  return { err: error };
}
