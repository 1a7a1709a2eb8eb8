import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Principal, RequestWithPrincipal } from './principal';

/** Exported so that the OpenAPI document can tell which handlers read the caller. */
export function principalOf(_: unknown, context: ExecutionContext): Principal | undefined {
  return context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
}

/** The authenticated caller; undefined only on a @Public() route called anonymously. */
export const CurrentPrincipal = createParamDecorator(principalOf);
