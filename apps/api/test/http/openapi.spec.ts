import { API_KEY_SCOPES } from '@lightbox/auth-contracts';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, login } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

interface Operation {
  operationId: string;
  security: Record<string, string[]>[];
}
type Document = { paths: Record<string, Record<string, Operation>> };

describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: Document;
  let fullKey: string;
  beforeAll(async () => {
    t = await startTestApp();
    document = (await t.http.get('/api/openapi.json').expect(200)).body;
    const owner = await login(t);
    const key = await t.http.post('/api/v1/api-keys').set('authorization', bearer(owner)).send({ name: 'all', scopes: API_KEY_SCOPES }).expect(201);
    fullKey = key.body.key;
  });
  afterAll(() => t.close());

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ method, path: path.replace(/\{[^}]+\}/g, randomUUID()), operation })),
    );
  const call = (method: string, path: string) => t.http[method as 'get'](path);
  /** The empty requirement: no credentials needed. */
  const isPublic = (operation: Operation) => operation.security.some((requirement) => Object.keys(requirement).length === 0);

  it('is the one committed in apps/api/openapi.json (run `npm run openapi` after changing the API)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8'));
    expect(document).toEqual(committed);
  });

  it('gives every operation a unique operationId and at most one security scheme per requirement (OR, never AND)', () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { operation } of operations()) {
      for (const requirement of operation.security) expect(Object.keys(requirement).length).toBeLessThanOrEqual(1);
    }
  });

  it('matches the guard: a bad bearer token is refused exactly where the document asks for security', async () => {
    for (const { method, path, operation } of operations()) {
      const res = await call(method, path).set('authorization', 'Bearer not-a-token');
      const refused = res.status === 401 && res.body.code === 'invalid_token';
      expect({ operation: operation.operationId, refused }).toEqual({ operation: operation.operationId, refused: !isPublic(operation) });
    }
  });

  it('matches the guard: an API key with every scope a key can hold is refused exactly where the document does not list apiKey', async () => {
    for (const { method, path, operation } of operations()) {
      if (isPublic(operation)) continue;
      const res = await call(method, path).set('x-api-key', fullKey);
      const refused = res.status === 403;
      if (refused) expect(res.headers['www-authenticate']).toContain('error="insufficient_scope"');
      const acceptsKeys = operation.security.some((requirement) => 'apiKey' in requirement);
      expect({ operation: operation.operationId, refused }).toEqual({ operation: operation.operationId, refused: !acceptsKeys });
    }
  });

  it('serves Swagger UI', async () => {
    const res = await t.http.get('/api/docs').expect(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});
