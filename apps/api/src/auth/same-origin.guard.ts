import { ErrorCode } from '@lightbox/auth-contracts';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { AppError } from '../http/app-error';

const FROM_ELSEWHERE: ReadonlySet<string> = new Set(['cross-site', 'same-site']);

/** `https://photos.example:8443` → `photos.example:8443`; `null` and garbage match no host. */
function hostOf(origin: string): string | undefined {
  return URL.canParse(origin) ? new URL(origin).host : undefined;
}

/** What the OpenAPI document says of every route this guard keeps. */
export const SAME_ORIGIN = 'Browsers must send it from this origin (`Origin` or `Sec-Fetch-Site`): another site gets 403 `cross_site_request`.';

/**
 * For the routes a browser's cookie or a browser's form could drive (login, refresh, logout, joining): a
 * request from another site is refused before anything happens. SameSite=Strict keeps the cookie
 * off cross-site requests, but not off same-site ones (another port or subdomain), and a login
 * needs no cookie to be forged. Browsers send `Origin` on every POST; without it, `Sec-Fetch-Site`
 * still tells a request from elsewhere. Programs send neither and pass.
 *
 * The own origin is the `Host` the browser addressed, whatever the scheme: TLS often ends at a
 * proxy the app was not told of (TRUST_PROXY), and a page cannot choose the Host it sends.
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
        ? !this.trusted.has(origin) && hostOf(origin) !== request.host
        : FROM_ELSEWHERE.has(request.headers['sec-fetch-site'] as string);
    if (foreign) throw new AppError(ErrorCode.CrossSiteRequest, 'This request came from another site and was refused.');
    return true;
  }
}
