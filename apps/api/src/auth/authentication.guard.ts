import { API_KEY_HEADER, AUTHORIZATION_HEADER, SHARE_TOKEN_HEADER } from '@lightbox/auth-contracts';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AccessRule, accessRuleOf, type Credential } from '../access/access-rule';
import { apiKeyRefused, authenticationRequired, insufficientScope } from '../access/access-errors';
import { ApiKeyGuard } from './api-key.guard';
import { JwtAuthGuard } from './jwt-auth.guard';
import { ShareLinkGuard } from './share-link.guard';
import { StepUp } from './step-up';
import type { Caller, RequestWithPrincipal } from '../access/principal';

/** `Authorization: Bearer …`, scheme in any case; other schemes are not ours to judge. */
const BEARER = /^bearer(\s|$)/i;

/**
 * The one global guard (DESIGN.md §4.2). The headers present choose the strategy, so a request
 * never pays for a strategy that does not apply, and an invalid bearer token is refused even when
 * a valid API key rides along. A @Public() route never fails for a user's credentials. A share
 * token counts only on routes marked @OpenToShareLinks(), and there it is never ignored (a visitor
 * whose link has ended is told so); elsewhere it is no credential at all and adds nothing.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  /** Decorators do not change at run time: each handler's rule is read once. */
  private readonly rules = new WeakMap<object, AccessRule>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtAuthGuard,
    private readonly apiKey: ApiKeyGuard,
    private readonly shareLink: ShareLinkGuard,
    private readonly stepUp: StepUp,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, scopes, credentials, stepUpMaxAge } = this.ruleOf(context);
    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithPrincipal>();

    let principal: Caller | undefined;
    try {
      principal = await this.authenticate(context, request, credentials);
    } catch (error) {
      if (!isPublic || (request.headers[SHARE_TOKEN_HEADER] !== undefined && credentials.includes('shareToken'))) throw error;
    }
    if (!principal) {
      if (isPublic) return true;
      throw authenticationRequired();
    }
    request.principal = principal;

    if (principal.kind === 'api_key' && !credentials.includes('apiKey')) throw apiKeyRefused(scopes);
    if (!scopes.every((scope) => principal.scopes.includes(scope))) throw insufficientScope(scopes);
    if (stepUpMaxAge !== undefined) await this.stepUp.require(principal, stepUpMaxAge);
    return true;
  }

  private ruleOf(context: ExecutionContext): AccessRule {
    const handler = context.getHandler();
    let rule = this.rules.get(handler);
    if (!rule) {
      rule = accessRuleOf(this.reflector, handler, context.getClass());
      this.rules.set(handler, rule);
    }
    return rule;
  }

  private authenticate(context: ExecutionContext, request: FastifyRequest, credentials: readonly Credential[]): Promise<Caller> | undefined {
    if (BEARER.test(request.headers[AUTHORIZATION_HEADER] ?? '')) return this.jwt.authenticate(context);
    if (request.headers[API_KEY_HEADER] !== undefined) return this.apiKey.authenticate(context);
    if (request.headers[SHARE_TOKEN_HEADER] !== undefined && credentials.includes('shareToken')) return this.shareLink.authenticate(context);
    return undefined;
  }
}
