import { ErrorCode } from '@lightbox/auth-contracts';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { AppError } from '../http/app-error';

/**
 * For the routes a browser's cookie or a browser's form could drive (login, refresh, logout): a
 * request from another site is refused before anything happens. SameSite=Strict keeps the cookie
 * off cross-site requests, but not off same-site ones (another port or subdomain), and a login
 * needs no cookie to be forged. Browsers send `Origin` on every POST; without it, `Sec-Fetch-Site`
 * still tells a cross-site request. Programs send neither and pass.
 */
@Injectable()
export class SameOriginGuard implements CanActivate {
  private readonly trusted: ReadonlySet<string>;

  constructor(config: AppConfig) {
    this.trusted = new Set(config.corsOrigins);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const origin = request.headers.origin;
    const foreign =
      origin !== undefined
        ? origin !== `${request.protocol}://${request.host}` && !this.trusted.has(origin)
        : request.headers['sec-fetch-site'] === 'cross-site';
    if (foreign) throw new AppError(ErrorCode.CrossSiteRequest, 'This request came from another site and was refused.');
    return true;
  }
}
