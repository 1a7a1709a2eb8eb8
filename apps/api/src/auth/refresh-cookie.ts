import { REFRESH_COOKIE, REFRESH_COOKIE_PATH } from '@lightbox/auth-contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** httpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), auth paths only. */
function options(request: FastifyRequest) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    path: REFRESH_COOKIE_PATH,
    secure: request.protocol === 'https',
  };
}

export function setRefreshCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(REFRESH_COOKIE, token, { ...options(request), expires: expiresAt });
}

export function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(REFRESH_COOKIE, options(request));
}

export function refreshCookieOf(request: FastifyRequest): string | undefined {
  return request.cookies[REFRESH_COOKIE] || undefined;
}
