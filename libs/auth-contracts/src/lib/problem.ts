import { z } from 'zod';
import { ErrorCode } from './error-codes';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const FieldErrorSchema = z.object({
  /** Dotted path of the offending field, e.g. `tags.2`; empty for the whole body. */
  path: z.string(),
  message: z.string(),
});

/** RFC 9457 problem details, extended with a stable `code` and field `errors`. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
  errors: z.array(FieldErrorSchema).optional(),
});

export type FieldError = z.infer<typeof FieldErrorSchema>;
export type Problem = z.infer<typeof ProblemSchema>;
