import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Caller, RequestWithPrincipal } from './principal';

/** Exported so that the OpenAPI document can tell which handlers read the caller. */
export function principalOf(_: unknown, context: ExecutionContext): Caller | undefined {
  return context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
}

/**
 * The authenticated caller; undefined only on a @Public() route called anonymously, and a share
 * link's principal only on a route marked @OpenToShareLinks().
 */
export const CurrentPrincipal = createParamDecorator(principalOf);
