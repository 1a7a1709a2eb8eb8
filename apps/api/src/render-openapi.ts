import { PGlite } from '@electric-sql/pglite';
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config/load-config';
import { createApp } from './create-app';
import { openPglite } from './database/open-database';
import { OpenApiDocumentFactory } from './openapi/openapi-document';

/**
 * The OpenAPI document as committed in apps/api/openapi.json: the whole application, started on a
 * throwaway in-memory database and data dir, describes itself. Settings do not change the document.
 */
export async function renderOpenApiDocument(): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lightbox-openapi-'));
  const config = loadConfig({
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    OWNER_PASSWORD: randomBytes(18).toString('base64url'),
  });
  const app = await createApp({ config, database: await openPglite(await PGlite.create()) });
  try {
    return `${JSON.stringify(app.get(OpenApiDocumentFactory).create(app), null, 2)}\n`;
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
