import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROBLEM_CONTENT_TYPE } from '@lightbox/auth-contracts';
import { login, LoggedIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

interface Schema {
  $ref?: string;
  properties?: Record<string, unknown>;
  oneOf?: Schema[];
}
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

/** The committed document (the contract test holds it equal to the served one): one test per operation. */
const DOCUMENT: Document = JSON.parse(readFileSync(join(__dirname, '../../openapi.json'), 'utf8'));
const OPERATIONS = Object.entries(DOCUMENT.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation })));

/** What an attacker or a buggy client sends where JSON is expected: wrong types, operators, arrays, huge numbers. */
const jsonValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom({ $gt: 0 }, { $ne: null }, ['a'], 1_000_000_000, -1, 1e308, '', 'abc', '\u0000', 'x'.repeat(2_000)),
);
/** Path parameters: ids, non-ids, and strings past the router's 100-character limit. */
const pathValue = fc.oneof(fc.uuid(), fc.string({ maxLength: 20 }), fc.string({ minLength: 101, maxLength: 300 }));

/**
 * Every operation of the OpenAPI document, called as the owner with random bodies (their own field
 * names with values of any type, plus unknown fields) and random path and query values: whatever
 * comes in, the answer is never a 500, and every refusal is problem+json.
 */
describe('random requests to every operation', () => {
  let t: TestApp;
  const document = DOCUMENT;
  let owner: LoggedIn;
  let address = 0;
  beforeAll(async () => {
    // Each random request comes from its own address, so the login throttle never blocks the owner's own.
    t = await startTestApp({ env: { TRUST_PROXY: 'true' } });
    owner = await login(t);
  });
  afterAll(() => t.close());

  const fieldsOf = (schema: Schema | undefined): string[] => {
    if (!schema) return [];
    if (schema.$ref) return fieldsOf(document.components.schemas[schema.$ref.split('/').pop() as string]);
    return [...Object.keys(schema.properties ?? {}), ...(schema.oneOf ?? []).flatMap(fieldsOf)];
  };
  const bodyFor = (operation: Operation) => {
    const fields = fieldsOf(Object.values(operation.requestBody?.content ?? {})[0]?.schema);
    const key = fields.length > 0 ? fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 10 })) : fc.string({ maxLength: 10 });
    return fc.oneof({ weight: 4, arbitrary: fc.dictionary(key, jsonValue, { maxKeys: 4 }) }, { weight: 1, arbitrary: jsonValue });
  };
  const queryFor = (operation: Operation) => {
    const names = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    return names.length > 0 ? fc.dictionary(fc.constantFrom(...names), fc.oneof(fc.string({ maxLength: 300 }), fc.integer().map(String))) : fc.constant({});
  };
  /** What can end the caller's session gets a session of its own for each request. */
  const endsSessions = (path: string) => /logout|sessions|password/.test(path);

  it.each(OPERATIONS)('$method $path never answers 500, and refuses only with problem+json', async ({ path, method, operation }) => {
    await fc.assert(
        fc.asyncProperty(bodyFor(operation), queryFor(operation), pathValue, async (body, query, id) => {
          const url = path.replace(/\{[^}]+\}/g, encodeURIComponent(id));
          const caller = endsSessions(path) ? await login(t) : owner;
          const res = await t.http[method as 'post'](url)
            .query(query)
            .set('authorization', `Bearer ${caller.accessToken}`)
            .set('x-forwarded-for', `198.51.${(++address >> 8) & 255}.${address & 255}`)
            .set('content-type', 'application/json')
            .send(JSON.stringify(body));
          if (res.status >= 500) throw new Error(`${method.toUpperCase()} ${url} answered ${res.status}: ${res.text}`);
          // The OAuth token endpoint alone answers RFC 6749 JSON (DESIGN.md §4.1).
          if (res.status >= 400 && operation.operationId !== 'token_issue') expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
        }),
      { numRuns: 25 },
    );
  });
});
