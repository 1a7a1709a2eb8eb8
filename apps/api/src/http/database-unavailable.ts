import { DrizzleQueryError } from 'drizzle-orm';
import { sqlState } from '../database/sql-state';

/**
 * Network errors, and the SQLSTATEs of a database that cannot be reached or used at all: the
 * connection-exception and operator-intervention classes (08, 57P: shut down, dropped), no such
 * database (3D000, dropped under a running server), refused logins (28) and no free connection (53300).
 */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '3D000', '53300']);
const CONNECTION_CLASSES = /^(08|57P|28)/;
const CONNECTION_MESSAGES = /connection terminated|timeout exceeded when trying to connect|pglite is closed|database did not answer/i;

/** True when an error means "the database is out of reach", which the API answers with 503. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const cause = error instanceof DrizzleQueryError ? error.cause : error;
  if (!(cause instanceof Error)) return false;
  const code = sqlState(cause);
  return (code !== undefined && (CONNECTION_CODES.has(code) || CONNECTION_CLASSES.test(code))) || CONNECTION_MESSAGES.test(cause.message);
}
