// Writes the api-e2e clients of the committed OpenAPI document (apps/api/openapi.json) into one folder:
// `node tools/generate-api-client.mjs <dir>`. Three generators read the same document, so that a
// document one of them cannot turn into strict TypeScript fails `npm run typecheck`:
//   lightbox-api.ts  openapi-typescript's types, for openapi-fetch
//   hey-api/         @hey-api/openapi-ts's SDK on its fetch client
//   orval/           orval's fetch client
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient as heyApi } from '@hey-api/openapi-ts';
import openapiTS, { astToString } from 'openapi-typescript';
import { generate as orval } from 'orval';
import ts from 'typescript';

const [out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node tools/generate-api-client.mjs <dir>');
  process.exit(2);
}
const spec = fileURLToPath(new URL('../apps/api/openapi.json', import.meta.url));
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

// Binary bodies become Blob, so an upload is typed as the FormData part it is.
const BLOB = ts.factory.createTypeReferenceNode(ts.factory.createIdentifier('Blob'));
const ast = await openapiTS(new URL(`file://${spec}`), {
  // A request field with a default is one the client may leave out.
  defaultNonNullable: false,
  transform: (schema) => (schema.format === 'binary' ? BLOB : undefined),
});
await writeFile(
  join(out, 'lightbox-api.ts'),
  `// Generated from apps/api/openapi.json by tools/generate-api-client.mjs. Do not edit.\n\n${astToString(ast)}`,
);

// No error log files left in the working directory: a failure is printed and fails the target.
await heyApi({ input: spec, output: join(out, 'hey-api'), plugins: ['@hey-api/client-fetch'], logs: { level: 'warn', file: false } });

await orval({ input: { target: spec }, output: { target: join(out, 'orval/lightbox-api.ts'), client: 'fetch', mode: 'single' } });
