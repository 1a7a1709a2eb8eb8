import { DrizzleQueryError } from 'drizzle-orm';

export const FOREIGN_KEY_VIOLATION = '23503';

/**
 * The SQLSTATE of a failed query (node-postgres and PGlite both carry it as `code`), if any; for a
 * network failure, Node's error code (ECONNREFUSED…).
 */
export function sqlState(error: unknown): string | undefined {
  const cause = error instanceof DrizzleQueryError ? error.cause : error;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
