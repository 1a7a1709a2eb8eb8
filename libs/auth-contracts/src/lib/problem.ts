import { z } from 'zod';
import { ErrorCode } from './error-codes';
import { PasskeyOptionsSchema } from './mfa';
import { MFA_METHODS } from './mfa-rules';
import { SHARE_LINK_END_REASONS } from './album-rules';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const ErrorCodeSchema = z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]).meta({
  id: 'ErrorCode',
  description: 'What went wrong, for programs: branch on this, never on `title` or `detail`. Renaming one is a breaking change.',
});

export const FieldErrorSchema = z
  .object({
    path: z.string().describe('Dotted path of the offending field, such as `tags.2`; empty for the whole body.'),
    message: z.string().describe('What is wrong with it, for a person.'),
  })
  .meta({ id: 'FieldError' });

/** RFC 9457 problem details, extended with a stable `code` and field `errors`. */
export const ProblemSchema = z
  .object({
    type: z.string().describe('Always `about:blank`: `code` says what went wrong.'),
    title: z.string().describe('The HTTP status text.'),
    status: z.int().min(400).max(599).describe('The HTTP status, repeated.'),
    detail: z.string().optional().describe('What went wrong, for a person.'),
    code: ErrorCodeSchema,
    errors: z.array(FieldErrorSchema).optional().describe('With `validation_failed`: one entry per field that was not accepted.'),
    mfa_token: z.string().optional().describe('With `mfa_required`: send it to `POST /api/v1/auth/mfa` with a second factor, within 5 minutes, once.'),
    mfa_methods: z.array(z.enum(MFA_METHODS)).optional().describe('With `mfa_required`: the second factors this person can use.'),
    webauthn_options: PasskeyOptionsSchema.optional().describe('With `mfa_required`, for a person with passkeys: the options for `startAuthentication`.'),
    reason: z.enum(SHARE_LINK_END_REASONS).optional().describe('With `share_link_expired`: why the link no longer opens.'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details, with a stable `code`.' });

export type FieldError = z.infer<typeof FieldErrorSchema>;
export type Problem = z.infer<typeof ProblemSchema>;
