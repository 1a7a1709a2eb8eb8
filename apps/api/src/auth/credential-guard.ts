import { ErrorCode } from '@lightbox/auth-contracts';
import { ExecutionContext, Injectable, Type } from '@nestjs/common';
import { AuthGuard, IAuthGuard } from '@nestjs/passport';
import { AppError } from '../http/app-error';
import { credentialRefused } from './auth-errors';
import type { Principal, RequestWithPrincipal } from './principal';

/** A passport strategy run as a function: resolves with the principal, or throws the contract's error. */
function credentialGuard(strategy: 'jwt' | 'api-key', refusedCode: typeof ErrorCode.InvalidToken | typeof ErrorCode.InvalidApiKey): Type<IAuthGuard & { authenticate(context: ExecutionContext): Promise<Principal> }> {
  @Injectable()
  class CredentialGuard extends AuthGuard(strategy) {
    async authenticate(context: ExecutionContext): Promise<Principal> {
      await this.canActivate(context);
      return context.switchToHttp().getRequest<RequestWithPrincipal>().principal as Principal;
    }

    override getAuthenticateOptions() {
      return { property: 'principal', session: false };
    }

    override handleRequest<T>(error: unknown, principal: T, info: unknown): T {
      if (error instanceof AppError) throw error;
      if (principal && !error) return principal;
      if (info instanceof Error && info.name === 'TokenExpiredError') throw credentialRefused(ErrorCode.TokenExpired);
      throw credentialRefused(refusedCode);
    }
  }
  return CredentialGuard;
}

/** Judges `Authorization: Bearer <jwt>` with passport-jwt. */
export class JwtAuthGuard extends credentialGuard('jwt', ErrorCode.InvalidToken) {}

/** Judges `X-API-Key` with passport-headerapikey. */
export class ApiKeyGuard extends credentialGuard('api-key', ErrorCode.InvalidApiKey) {}
