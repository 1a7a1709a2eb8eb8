import { DrizzleQueryError } from 'drizzle-orm';
import { sqlState } from '../database/sql-state';

/** Network errors and PostgreSQL's connection-exception and shutdown SQLSTATEs (classes 08, 57P). */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH',
  '08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03',
]);
const CONNECTION_MESSAGES = /connection terminated|timeout exceeded when trying to connect|pglite is closed|database did not answer/i;

/** True when an error means "the database is out of reach", which the API answers with 503. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const cause = error instanceof DrizzleQueryError ? error.cause : error;
  if (!(cause instanceof Error)) return false;
  const code = sqlState(cause);
  return (code !== undefined && CONNECTION_CODES.has(code)) || CONNECTION_MESSAGES.test(cause.message);
}
