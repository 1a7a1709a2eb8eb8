import { HttpParams, type HttpRequest } from '@angular/common/http';
import { SHARE_TOKEN_HEADER } from '@lightbox/auth-contracts';

/** Every JSON endpoint of the API lives under this path, on the SPA's own origin. */
export const API_BASE = '/api/v1';

/**
 * The URL of an API resource: `apiUrl('images', id, 'thumbnail')`. Each segment is encoded, so an
 * id can only ever name one resource, never reach another path.
 */
export function apiUrl(...segments: string[]): string {
  return [API_BASE, ...segments.map(encodeURIComponent)].join('/');
}

/** A query with the empty values left out: the API reads a filter that is not there as "any". */
export function apiQuery(values: Record<string, string | null | undefined>): HttpParams {
  let params = new HttpParams();
  for (const [name, value] of Object.entries(values)) if (value) params = params.set(name, value);
  return params;
}

/**
 * The calls that sign in (a login, or joining: an invitation, a sign-up), refresh, re-authenticate
 * or log out, and the look at an invitation: a 401 from them is an answer (a wrong code, a refused
 * passkey, an unknown invitation), not an expired token.
 */
const SESSION_ENDPOINTS = new Set(
  [
    '/auth/login',
    '/auth/mfa',
    '/auth/passkeys/login',
    '/auth/reauth',
    '/auth/refresh',
    '/auth/logout',
    '/auth/token',
    '/auth/signup',
    '/invitations/check',
    '/invitations/accept',
  ].map((path) => API_BASE + path),
);

/** The path of `url` when it names this API on this origin, else null: tokens go nowhere else. */
function apiPathOf(url: string): string | null {
  const resolved = new URL(url, document.baseURI);
  if (resolved.origin !== location.origin) return null;
  return resolved.pathname === API_BASE || resolved.pathname.startsWith(API_BASE + '/') ? resolved.pathname : null;
}

/** Where a visitor exchanges a share link's token for a share token. */
const SHARE_ACCESS_ENDPOINT = API_BASE + '/share-links/access';

export function isApiUrl(url: string): boolean {
  return apiPathOf(url) !== null;
}

export function isSessionEndpoint(url: string): boolean {
  const path = apiPathOf(url);
  return path !== null && SESSION_ENDPOINTS.has(path);
}

/**
 * A request on behalf of a share link: opening it, or a read with its share token. It speaks for
 * the link, never for whoever is signed in in this browser, and its 401 is about the link.
 */
export function isShareRequest(request: HttpRequest<unknown>): boolean {
  return request.headers.has(SHARE_TOKEN_HEADER) || apiPathOf(request.url) === SHARE_ACCESS_ENDPOINT;
}
