import { BEARER_CHALLENGE, ErrorCode, FieldError, Problem, PROBLEM_CONTENT_TYPE, WWW_AUTHENTICATE_HEADER } from '@lightbox/auth-contracts';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { ZodValidationException } from 'nestjs-zod';
import type { ZodError } from 'zod';
import { AppError, NOT_FOUND_DETAIL } from './app-error';
import { isDatabaseUnavailable } from './database-unavailable';
import { loggableError } from './loggable-error';
import { OAuthError } from './oauth-error';

/** Codes for errors raised by the framework (routing, body parsing) rather than by our code. */
const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.AuthenticationRequired,
  403: ErrorCode.InsufficientScope,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.TooManyRequests,
  503: ErrorCode.ServiceUnavailable,
};

/** The words of the errors the framework raises; the OpenAPI examples show them too. */
export const DETAIL_BY_CODE: Partial<Record<ErrorCode, string>> = {
  not_found: NOT_FOUND_DETAIL,
  service_unavailable: 'The service is unavailable; try again shortly.',
  validation_failed: 'The request could not be read.',
  payload_too_large: 'The request body is too large.',
  unsupported_media_type: 'This content type is not accepted here.',
  too_many_requests: 'Too many requests; try again later.',
  internal_error: 'Something went wrong on our side. It has been logged.',
};

interface RenderedError {
  problem: Problem;
  headers: Record<string, string>;
}

/**
 * Turns every error into application/problem+json (OAuthError alone keeps RFC 6749's shape).
 * Only AppError and validation errors carry their own words to the client; anything unexpected
 * is logged and answered with a generic 500, so no stack trace, SQL or secret can leak.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    sendProblem(host.switchToHttp().getResponse<FastifyReply>(), exception);
  }
}

const logger = new Logger('ProblemDetails');

/** Answers `exception` on `reply`; also used for errors Fastify raises before Nest sees a request. */
export function sendProblem(reply: FastifyReply, exception: unknown): void {
  if (reply.sent) return;
  if (exception instanceof OAuthError) {
    void reply.status(exception.status).header('cache-control', 'no-store').send(exception.toBody());
    return;
  }
  const { problem, headers } = renderProblem(exception);
  if (problem.status === 500) logger.error(loggableError(exception));
  // An error is about this request: a browser that kept it (a 410 is cacheable by default) would
  // answer later ones, made with other credentials, from it.
  void reply.status(problem.status).header('cache-control', 'no-store').headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
}

function renderProblem(exception: unknown): RenderedError {
  const rendered = render(exception);
  // RFC 6750 §3: every 401 names the scheme; refused credentials add their own error= parameter.
  if (rendered.problem.status === 401 && !rendered.headers[WWW_AUTHENTICATE_HEADER]) {
    rendered.headers[WWW_AUTHENTICATE_HEADER] = BEARER_CHALLENGE;
  }
  return rendered;
}

function render(exception: unknown): RenderedError {
  if (exception instanceof AppError) {
    return {
      problem: { ...problemOf(exception.status, exception.code, exception.detail, exception.errors), ...exception.extensions },
      headers: { ...exception.headers },
    };
  }
  if (exception instanceof ZodValidationException) {
    const errors = fieldErrors(exception.getZodError() as ZodError);
    return { problem: problemOf(400, ErrorCode.ValidationFailed, 'Some fields are not valid.', errors), headers: {} };
  }
  const framework = exception instanceof HttpException ? frameworkCode(exception.getStatus()) : undefined;
  if (framework) {
    const { status, code } = framework;
    return { problem: problemOf(status, code, DETAIL_BY_CODE[code] ?? 'The request was refused.'), headers: {} };
  }
  if (isDatabaseUnavailable(exception)) {
    return { problem: problemOf(503, ErrorCode.ServiceUnavailable, DETAIL_BY_CODE.service_unavailable), headers: {} };
  }
  return { problem: problemOf(500, ErrorCode.InternalError, DETAIL_BY_CODE.internal_error), headers: {} };
}

/** Any 4xx the framework raises (414 for a path parameter over the router's limit, say) is the client's: never a 500. */
function frameworkCode(status: number): { status: number; code: ErrorCode } | undefined {
  const code = CODE_BY_STATUS[status] ?? (status >= 400 && status < 500 ? ErrorCode.ValidationFailed : undefined);
  return code && { status, code };
}

function problemOf(status: number, code: ErrorCode, detail?: string, errors?: FieldError[]): Problem {
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    ...(detail === undefined ? {} : { detail }),
    code,
    ...(errors === undefined ? {} : { errors }),
  };
}

function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** A connection-level parse error (bad Content-Length, malformed request line): no reply object exists. */
export function rawProblemResponse(status: 400 | 431): string {
  const body = JSON.stringify(problemOf(status, ErrorCode.ValidationFailed, 'The request could not be read.'));
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}
