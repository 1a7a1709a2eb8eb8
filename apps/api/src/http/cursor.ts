import { ErrorCode } from '@lightbox/auth-contracts';
import { z } from 'zod';
import { AppError } from './app-error';

/**
 * Opaque to clients: the sort key and id of the last item shown, which stays a valid position if
 * that item is deleted. The schema says what a cursor of this list holds; anything else is a 400.
 */
export function encodeCursor(position: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    parsed = undefined;
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    throw new AppError(ErrorCode.ValidationFailed, 'The cursor is not one this API gave out.', {
      errors: [{ path: 'cursor', message: 'Pass next_cursor from the previous page unchanged.' }],
    });
  }
  return result.data;
}

/** A time the database can compare with: none before 1970 (nothing here is older) or past 9999. */
const CursorTimeSchema = z.iso.datetime().refine((at) => {
  const year = new Date(at).getUTCFullYear();
  return year >= 1970 && year <= 9999;
}, 'Out of range.');

/** A newest-first position: `[created_at ISO, id]`. */
export const TimeCursorSchema = z.tuple([CursorTimeSchema, z.uuid()]).transform(([at, id]) => ({ createdAt: new Date(at), id }));

/** The position of a row in a newest-first list. */
export function timeCursorOf(row: { createdAt: Date; id: string }): string {
  return encodeCursor([row.createdAt.toISOString(), row.id]);
}
