// Writes the TypeScript types of the committed OpenAPI document (apps/api/openapi.json) for
// openapi-fetch: `node tools/generate-api-client.mjs <out.ts>`. Binary bodies become Blob, so an
// upload is typed as the FormData part it is.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';

const [out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node tools/generate-api-client.mjs <out.ts>');
  process.exit(2);
}
const spec = new URL('../apps/api/openapi.json', import.meta.url);
const BLOB = ts.factory.createTypeReferenceNode(ts.factory.createIdentifier('Blob'));
const ast = await openapiTS(spec, {
  transform: (schema) => (schema.format === 'binary' ? BLOB : undefined),
});
await mkdir(dirname(resolve(out)), { recursive: true });
await writeFile(out, `// Generated from apps/api/openapi.json by tools/generate-api-client.mjs. Do not edit.\n\n${astToString(ast)}`);
