import { API_KEY_SCOPES } from '@lightbox/auth-contracts';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import supertest from 'supertest';
import { bearer, login } from '../support/auth';
import { watchContract } from '../support/contract-watch';
import { startTestApp, TestApp } from '../support/test-app';

interface Operation {
  operationId: string;
  summary: string;
  security: Record<string, string[]>[];
  parameters?: { name: string; in: string; schema: Record<string, unknown> }[];
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: unknown; examples?: Record<string, unknown> }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; examples: Record<string, { value: { code: string; status: number } }> };
}

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
  /** No requirement, or the empty one: no credentials needed. */
  const isPublic = (operation: Operation) =>
    operation.security.length === 0 || operation.security.some((requirement) => Object.keys(requirement).length === 0);
  /** Every subschema of `value`, depth first. */
  const schemasIn = (value: unknown): Record<string, unknown>[] =>
    value && typeof value === 'object'
      ? [...(Array.isArray(value) ? [] : [value as Record<string, unknown>]), ...Object.values(value).flatMap(schemasIn)]
      : [];

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

  it('names each shared type once and refers to it, without framework suffixes', () => {
    const names = Object.keys(document.components.schemas);
    expect(names).toEqual(expect.arrayContaining(['Image', 'ImagePage', 'Scope', 'Role', 'Visibility', 'UserPrincipal', 'ApiKeyPrincipal', 'Problem', 'ErrorCode']));
    expect(names.filter((name) => /_Output|Dto/.test(name))).toEqual([]);
    const scopeEnums = schemasIn(document).filter((schema) => Array.isArray(schema['enum']) && (schema['enum'] as string[]).includes('users:manage'));
    expect(scopeEnums).toHaveLength(1);
    expect(document.components.schemas['Me']).toMatchObject({ discriminator: { propertyName: 'kind' } });
  });

  it('writes formats instead of their regular expressions, and no integer bounds of ±2^53', () => {
    const schemas = schemasIn(document);
    expect(schemas.filter((schema) => schema['format'] && schema['pattern'])).toEqual([]);
    expect(schemas.filter((schema) => Math.abs(Number(schema['minimum'] ?? 0)) === Number.MAX_SAFE_INTEGER || schema['maximum'] === Number.MAX_SAFE_INTEGER)).toEqual([]);
    const ids = operations().flatMap(({ operation }) => (operation.parameters ?? []).filter((parameter) => parameter.in === 'path'));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id.schema).toEqual({ type: 'string', format: 'uuid' });
  });

  it('gives every operation a summary and every answer a description, and names the codes of each error answer with an example of each', () => {
    for (const { operation } of operations()) {
      expect({ operation: operation.operationId, summary: Boolean(operation.summary) }).toEqual({ operation: operation.operationId, summary: true });
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(response.description).not.toBe('');
        const problem = response.content?.['application/problem+json'];
        if (!problem) continue;
        const examples = Object.keys(problem.examples ?? {});
        expect(examples.length).toBeGreaterThan(0);
        for (const name of examples) {
          const example = problem.examples?.[name] as { $ref: string };
          expect(document.components.examples[example.$ref.split('/').pop() ?? '']?.value).toMatchObject({ code: name, status: Number(status), detail: expect.any(String) });
        }
        if (status === '401') expect(response.headers).toHaveProperty('WWW-Authenticate');
      }
    }
  });

  it('shows no lock on public routes that do not read the caller, and declares the refresh cookie where it is set', () => {
    expect(document.paths['/health']['get'].security).toEqual([]);
    expect(document.paths['/health']['get'].responses).not.toHaveProperty('503');
    expect(document.paths['/api/v1/auth/login']['post'].responses['200'].headers).toHaveProperty('Set-Cookie');
    expect(document.paths['/api/v1/auth/refresh']['post'].responses['200'].headers).toHaveProperty('Set-Cookie');
    expect(document.paths['/api/v1/images']['get'].security[0]).toEqual({});
    expect(document.paths['/api/v1/images']['get'].responses).toHaveProperty('503');
  });

  it('lists the scopes a route needs on every scheme, not only on OAuth2', () => {
    expect(document.paths['/api/v1/images']['post'].security).toEqual([
      { bearer: ['images:write'] },
      { oauth2: ['images:write'] },
      { apiKey: ['images:write'] },
    ]);
  });

  it('holds every answer of the HTTP tests to it: an answer it does not allow is reported', async () => {
    const server = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ items: [], next_cursor: [] }));
    });
    const watch = watchContract(server);
    await supertest(server).get('/api/v1/images').expect(200);
    await supertest(server).get('/api/v1/no-such-route').expect(200);
    expect(watch.violations()).toEqual([expect.stringContaining('images_list (GET /api/v1/images) answered 200 application/json that its schema refuses')]);
  });

  it('serves Swagger UI, deep links off, with its accessibility touch-ups as a script of our origin', async () => {
    const res = await t.http.get('/api/docs').expect(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain("<script src='/api/docs/lightbox-a11y.js'>");
    const init = await t.http.get('/api/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toMatch(/"deepLinking":\s*false/);
    const script = await t.http.get('/api/docs/lightbox-a11y.js').expect(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.text).toContain('MutationObserver');
  });
});
