import { SetMetadata } from '@nestjs/common';

export const PROBLEMS_KEY = 'lightbox:problems';

/**
 * Error answers a route gives beyond those the OpenAPI document derives by itself (400 for input,
 * 401/403 for a protected route, 404 for a path with an id, 429 where an API key is accepted).
 */
export const ApiProblems = (...statuses: number[]) => SetMetadata(PROBLEMS_KEY, statuses);
