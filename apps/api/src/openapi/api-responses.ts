import type { ErrorCode } from '@lightbox/auth-contracts';
import { SetMetadata } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { HeadersObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { z } from 'zod';
import { openApiSchema } from './openapi-schema';

export const PROBLEMS_KEY = 'lightbox:problems';
export const NEVER_UNAVAILABLE_KEY = 'lightbox:never-unavailable';

/** A JSON answer, described by the zod schema the handler's return type comes from. */
export const ApiJsonResponse = (status: number, schema: z.ZodType, description: string, headers?: HeadersObject) =>
  ApiResponse({ status, description, headers, content: { 'application/json': { schema: openApiSchema(schema) } } });

/**
 * Error codes a route raises itself, beyond those the document derives from its access rule
 * and its inputs (authentication, scopes, validation, unknown ids, rate limits, 503).
 */
export const ApiProblems = (...codes: ErrorCode[]) => SetMetadata(PROBLEMS_KEY, codes);

/** A route that needs neither the database nor anything else, so it never answers 503. */
export const ApiNeverUnavailable = () => SetMetadata(NEVER_UNAVAILABLE_KEY, true);
