import { ErrorCode, SECRET_PAGE_PATHS } from '@lightbox/auth-contracts';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, NOT_FOUND_DETAIL } from './app-error';

/** Angular's output names carry a content hash: such a file never changes, so caches may keep it. */
const HASHED_ASSET = /-[A-Z0-9]{8,}\.(js|css|woff2?)$/i;

/** API paths and missing files are 404 problems; only extension-less app paths are deep links. */
const NOT_A_DEEP_LINK = /^\/(api|health)(\/|$)|\.[a-z0-9]+$/i;

export function hasSpa(webRoot: string | undefined): webRoot is string {
  return webRoot !== undefined && existsSync(join(webRoot, 'index.html'));
}

/**
 * Serves the built SPA from `/`. Its files get explicit routes (no wildcard), so any other GET
 * that is not an API path is a deep link and falls back to index.html.
 */
export async function serveSpa(app: NestFastifyApplication, webRoot: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: webRoot,
    wildcard: false,
    setHeaders: (res, path) => {
      res.header('cache-control', HASHED_ASSET.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .get('/*', (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?', 1)[0];
      if (NOT_A_DEEP_LINK.test(path)) throw new AppError(ErrorCode.NotFound, NOT_FOUND_DETAIL);
      // A share or join page's URL is its secret: no other site learns it, and no search engine keeps it.
      if (SECRET_PAGE_PATHS.some((page) => path.startsWith(page))) reply.header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex, nofollow');
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
}
