import type { ErrorCode } from '@lightbox/auth-contracts';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { HeadersObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { z } from 'zod';
import { openApiSchema } from './openapi-schema';

export const PROBLEMS_KEY = 'lightbox:problems';
export const NEVER_UNAVAILABLE_KEY = 'lightbox:never-unavailable';

/** A JSON answer, described by the zod schema the handler's return type comes from. */
export const ApiJsonResponse = (status: number, schema: z.ZodType, description: string, headers?: HeadersObject) =>
  ApiResponse({ status, description, headers, content: { 'application/json': { schema: openApiSchema(schema) } } });

/** A route whose answer carries an `ETag`: a client that sends it back gets 304 while it is current. */
export const ApiRevalidation = () =>
  applyDecorators(
    ApiHeader({ name: 'If-None-Match', required: false, description: 'The `ETag` of a copy you have: if it is current, the answer is 304.' }),
    ApiResponse({ status: 304, description: 'Not Modified: your copy is current.' }),
  );

/** A JSON answer with a strong `ETag`, kept briefly by shared caches when a visitor asked. */
export const ApiConditionalJson = (schema: z.ZodType, description: string) =>
  applyDecorators(
    ApiRevalidation(),
    ApiJsonResponse(200, schema, description, {
      ETag: { description: 'Names these bytes: send it back as `If-None-Match`.', schema: { type: 'string' } },
      'Cache-Control': {
        description: 'A visitor’s answer may be kept for 10 seconds; an answer to credentials is private and checked each time.',
        schema: { type: 'string' },
      },
      Vary: { description: 'The answer depends on the credentials sent.', schema: { type: 'string' } },
    }),
  );

/**
 * Error codes a route raises itself, beyond those the document derives from its access rule
 * and its inputs (authentication, scopes, validation, unknown ids, rate limits, 503).
 */
export const ApiProblems = (...codes: ErrorCode[]) => SetMetadata(PROBLEMS_KEY, codes);

/** A route that needs neither the database nor anything else, so it never answers 503. */
export const ApiNeverUnavailable = () => SetMetadata(NEVER_UNAVAILABLE_KEY, true);
