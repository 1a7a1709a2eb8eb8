import type { FastifyReply, FastifyRequest } from 'fastify';
import { hash } from 'node:crypto';

/** A JSON answer as it goes out: its text, and the strong validator that names its bytes. */
export interface SerializedJson {
  readonly body: string;
  readonly etag: string;
}

/** The ETag is the body's digest: every instance, and every rebuild, names the same bytes alike. */
export function serializeJson(value: unknown): SerializedJson {
  const body = JSON.stringify(value);
  return { body, etag: `"${hash('sha256', body, 'base64url').slice(0, 27)}"` };
}

/**
 * Visitors' answers may be kept by a browser or a proxy for a few seconds; answers to a caller
 * with credentials are theirs alone and are checked every time (If-None-Match makes that a 304).
 */
export const BRIEFLY_PUBLIC = 'public, max-age=10';
export const PRIVATE_REVALIDATED = 'private, no-cache';

/** What a visitor is shown is the same for every visitor; what a caller with credentials is shown is theirs. */
export function cacheControlFor(caller: { readonly kind: string } | undefined): string {
  return caller ? PRIVATE_REVALIDATED : BRIEFLY_PUBLIC;
}

/** The credentials that change an answer: a cache must keep one copy per value of each. */
const VARY = 'Authorization, X-API-Key, X-Share-Token';

/** RFC 9110 §13.1.2: weak comparison, a list of tags, or `*`. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

/** Sends the answer, or 304 without its body when the client's copy is current. */
export function sendJson(request: FastifyRequest, reply: FastifyReply, answer: SerializedJson, cacheControl: string): void {
  const vary = reply.getHeader('vary');
  reply
    .header('etag', answer.etag)
    .header('cache-control', cacheControl)
    .header('vary', vary ? `${String(vary)}, ${VARY}` : VARY);
  if (matchesEtag(request.headers['if-none-match'], answer.etag)) {
    reply.code(304).send();
    return;
  }
  reply.type('application/json; charset=utf-8').send(answer.body);
}
