import { ErrorCode } from '@lightbox/auth-contracts';
import { ExecutionContext, Injectable, Type } from '@nestjs/common';
import { AuthGuard, IAuthGuard } from '@nestjs/passport';
import { credentialRefused } from '../access/access-errors';
import type { FastifyRequest } from 'fastify';
import type { Caller, RequestWithPrincipal } from '../access/principal';

/** Where passport puts the principal; one object for every request rather than one each. */
const AUTHENTICATE_OPTIONS = { property: 'principal', session: false };

/**
 * A passport strategy run as a function: resolves with the principal, or throws the contract's
 * error. A credential its owner already knows (`remembered`) is judged without passport's
 * per-request objects.
 */
export function credentialGuard(
  strategy: 'jwt' | 'api-key' | 'share-link',
  refusedCode: typeof ErrorCode.InvalidToken | typeof ErrorCode.InvalidApiKey | typeof ErrorCode.InvalidShareLink,
): Type<IAuthGuard & { authenticate(context: ExecutionContext): Promise<Caller>; remembered(request: FastifyRequest): Promise<Caller> | undefined }> {
  @Injectable()
  class CredentialGuard extends AuthGuard(strategy) {
    async authenticate(context: ExecutionContext): Promise<Caller> {
      const known = this.remembered(context.switchToHttp().getRequest<FastifyRequest>());
      if (known) return known;
      await this.canActivate(context);
      return context.switchToHttp().getRequest<RequestWithPrincipal>().principal as Caller;
    }

    /** The principal of a credential judged before, or undefined: passport judges it. */
    remembered(request: FastifyRequest): Promise<Caller> | undefined;
    remembered(): undefined {
      return undefined;
    }

    override getAuthenticateOptions() {
      return AUTHENTICATE_OPTIONS;
    }

    override handleRequest<T>(error: unknown, principal: T, info: unknown): T {
      // Our own refusals, and anything unexpected (a database that does not answer is a 503, not a 401).
      if (error) throw error;
      if (principal) return principal;
      if (info instanceof Error && info.name === 'TokenExpiredError') throw credentialRefused(ErrorCode.TokenExpired);
      throw credentialRefused(refusedCode);
    }
  }
  return CredentialGuard;
}
