import { REFRESH_COOKIE, REFRESH_COOKIE_PATH } from '@lightbox/auth-contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The OpenAPI description of the header every way in answers with. */
export const SETS_REFRESH_COOKIE = {
  'Set-Cookie': {
    description: `\`${REFRESH_COOKIE}\`: the refresh token, httpOnly, SameSite=Strict, for the /api/v1/auth paths only.`,
    schema: { type: 'string' },
  },
} as const;

/**
 * httpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), auth paths
 * only, Secure over https and always in production (TLS may end at a proxy we were not told of).
 */
function options(request: FastifyRequest, production: boolean) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    path: REFRESH_COOKIE_PATH,
    secure: production || request.protocol === 'https',
  };
}

export function setRefreshCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
  production: boolean,
): void {
  reply.setCookie(REFRESH_COOKIE, token, { ...options(request, production), expires: expiresAt });
}

export function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply, production: boolean): void {
  reply.clearCookie(REFRESH_COOKIE, options(request, production));
}

export function refreshCookieOf(request: FastifyRequest): string | undefined {
  return request.cookies[REFRESH_COOKIE] || undefined;
}

