import { API_KEY_HEADER, AUTHORIZATION_HEADER, type Scope } from '@lightbox/auth-contracts';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { authenticationRequired, insufficientScope } from './auth-errors';
import { ApiKeyGuard } from './api-key.guard';
import { JwtAuthGuard } from './jwt-auth.guard';
import type { Principal, RequestWithPrincipal } from './principal';
import { IS_PUBLIC_KEY } from './public.decorator';
import { REQUIRED_SCOPES_KEY } from './require-scopes.decorator';

/** `Authorization: Bearer …`, scheme in any case; other schemes are not ours to judge. */
const BEARER = /^bearer(\s|$)/i;

/**
 * The one global guard (DESIGN.md §4.2). The headers present choose the strategy, so a request
 * never pays for a strategy that does not apply, and an invalid bearer token is refused even when
 * a valid API key rides along. A @Public() route never fails for credentials.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtAuthGuard,
    private readonly apiKey: ApiKeyGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true;
    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithPrincipal>();

    let principal: Principal | undefined;
    try {
      principal = await this.authenticate(context, request);
    } catch (error) {
      if (!isPublic) throw error;
    }
    if (!principal) {
      if (isPublic) return true;
      throw authenticationRequired();
    }
    request.principal = principal;

    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES_KEY, targets);
    if (required && !required.every((scope) => principal.scopes.includes(scope))) throw insufficientScope(required);
    return true;
  }

  private authenticate(context: ExecutionContext, request: FastifyRequest): Promise<Principal> | undefined {
    if (BEARER.test(request.headers[AUTHORIZATION_HEADER] ?? '')) return this.jwt.authenticate(context);
    if (request.headers[API_KEY_HEADER] !== undefined) return this.apiKey.authenticate(context);
    return undefined;
  }
}
