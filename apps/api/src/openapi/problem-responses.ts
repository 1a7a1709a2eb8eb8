import { ErrorCode, PROBLEM_CONTENT_TYPE, ProblemSchema, type Problem } from '@lightbox/auth-contracts';
import type { ExampleObject, HeadersObject, ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { STATUS_CODES } from 'node:http';
import { authenticationRequired, CREDENTIAL_DETAIL } from '../access/access-errors';
import { STATUS_BY_CODE } from '../http/app-error';
import { DETAIL_BY_CODE } from '../http/problem-details.filter';
import { openApiSchema } from './openapi-schema';

/** What each status means here, for the reader of the document. */
const STATUS_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The request could not be read, or is not valid: `errors` names the fields.',
  401: 'No credentials, or credentials that are not (or no longer) valid.',
  403: 'The credentials are valid but do not allow this.',
  404: 'There is no such thing, or you may not see it.',
  409: 'It conflicts with the current state.',
  410: 'The share link or invitation no longer works: `code` (and a share link’s `reason`) says why.',
  413: 'The body is too large.',
  414: 'The path is too long: a path parameter longer than the router accepts.',
  415: 'The body is of a type not accepted here.',
  429: 'Too many requests: wait `Retry-After` seconds.',
  503: 'The database (or Redis, for logins) does not answer; try again shortly.',
};

/** The `detail` of each example: the words the code is raised with where they are fixed ones… */
const FIXED_DETAILS: Partial<Record<ErrorCode, string>> = {
  ...DETAIL_BY_CODE,
  ...CREDENTIAL_DETAIL,
  authentication_required: authenticationRequired().detail,
};

/** …and a typical one where each route words its own. */
const TYPICAL_DETAILS: Partial<Record<ErrorCode, string>> = {
  validation_failed: 'Some fields are not valid.',
  invalid_credentials: 'The username or password is not correct.',
  refresh_token_reused: 'This refresh token was already used; the session has been ended.',
  insufficient_scope: 'This needs the scope images:write.',
  not_owner: 'This image belongs to someone else.',
  cross_site_request: 'This request came from another site and was refused.',
  not_found: 'There is no such image.',
  conflict: 'That username is taken.',
  mfa_required: 'The password is right; now confirm with your second factor.',
  invalid_mfa: 'That code or passkey was not accepted.',
  step_up_required: 'Confirm it is you: this needs a recent sign-in with your strongest factor.',
  share_link_password_required: 'This link asks for a password.',
  share_link_expired: 'This link has expired.',
  invalid_invitation: 'This invitation link is not valid: check that it was copied whole.',
  invitation_used: 'This invitation has been used already.',
  invitation_expired: 'This invitation has expired: ask for a new one.',
  invitation_revoked: 'This invitation has been withdrawn.',
};

const CHALLENGE_HEADER: HeadersObject = {
  'WWW-Authenticate': {
    description:
      'RFC 6750 §3: `Bearer realm="lightbox"`, with `error="invalid_token"` when the credentials sent were refused; RFC 9470 `error="insufficient_user_authentication", max_age=…` with `step_up_required`.',
    schema: { type: 'string' },
  },
};

const RETRY_AFTER_HEADER: HeadersObject = {
  'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer', minimum: 0 } },
};

/** One status and one code an operation can answer with; its example is shared by all such answers. */
export interface ProblemKind {
  status: number;
  code: ErrorCode;
}

/** `not_found`; `validation_failed_414` where the framework answers a code with another status. */
function exampleName({ status, code }: ProblemKind): string {
  return status === STATUS_BY_CODE[code] ? code : `${code}_${status}`;
}

/** The problem+json answer for `status`, saying which codes it can carry here, with an example of each. */
export function problemResponse(status: number, codes: readonly ErrorCode[]): ResponseObject {
  const headers = {
    ...(status === 401 || codes.includes(ErrorCode.InsufficientScope) ? CHALLENGE_HEADER : {}),
    ...(status === 429 ? RETRY_AFTER_HEADER : {}),
  };
  return {
    description: STATUS_DESCRIPTIONS[status] ?? STATUS_CODES[status] ?? 'Error',
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: { allOf: [openApiSchema(ProblemSchema), { type: 'object', properties: { code: { enum: [...codes] } } }] },
        examples: Object.fromEntries(codes.map((code) => [code, { $ref: `#/components/examples/${exampleName({ status, code })}` }])),
      },
    },
  };
}

/** One example of each kind, referred to by every answer that can carry it. */
export function problemExamples(kinds: Iterable<ProblemKind>): Record<string, ExampleObject> {
  const examples = [...kinds].map((kind): [string, ExampleObject] => [exampleName(kind), { summary: kind.code, value: exampleOf(kind.status, kind.code) }]);
  return Object.fromEntries(examples.sort(([a], [b]) => a.localeCompare(b)));
}

function exampleOf(status: number, code: ErrorCode): Problem {
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: TYPICAL_DETAILS[code] ?? FIXED_DETAILS[code],
    code,
    ...(code === ErrorCode.ValidationFailed ? { errors: [{ path: 'title', message: 'Too big: expected string to have <=200 characters' }] } : {}),
    ...(code === ErrorCode.MfaRequired ? { mfa_token: 'k3Jq9vTn0cW8yZ2bXl5rPq7sUe4hGd1mAo6fNi3tBwE', mfa_methods: ['totp', 'recovery_code'] } : {}),
  };
}
