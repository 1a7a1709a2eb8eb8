import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { isDeepStrictEqual } from 'node:util';
import { globalRegistry, z } from 'zod';

/** A request is read as zod's input (before defaults and transforms), an answer as its output. */
export type SchemaIo = 'input' | 'output';

type JsonSchema = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';

/** Every named schema the decorators have met, for the document's `components.schemas`. */
const components = new Map<string, JsonSchema>();

/**
 * The OpenAPI 3.1 schema of a zod schema. A schema named with `.meta({ id })` becomes the
 * component of that name and is referred to by `$ref` wherever it is used, so each type is
 * described once; unnamed ones are written in place.
 */
export function openApiSchema(schema: z.ZodType, io: SchemaIo = 'output'): SchemaObject {
  const { $defs = {}, ...root } = z.toJSONSchema(schema, { io, unrepresentable: 'any', override: tidy }) as JsonSchema & {
    $defs?: Record<string, JsonSchema>;
  };
  delete root['$schema'];
  for (const [id, definition] of Object.entries($defs)) remember(id, refsToComponents(definition));
  return refsToComponents(root) as SchemaObject;
}

/** The named schemas met so far, by name. */
export function componentSchemas(): Record<string, SchemaObject> {
  return Object.fromEntries([...components].sort(([a], [b]) => a.localeCompare(b)));
}

/** One name, one shape: a schema whose input and output differ needs a name for each. */
function remember(id: string, definition: JsonSchema): void {
  const known = components.get(id);
  if (known && !isDeepStrictEqual(known, definition)) {
    throw new Error(`The schema ${id} is described in two ways (as input and as output?): give each its own id`);
  }
  components.set(id, definition);
}

function refsToComponents(schema: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', `"${COMPONENTS}`)) as JsonSchema;
}

/**
 * What zod writes that a reader of the document should not see: a format's regular expression
 * beside the format itself (Swagger UI builds its examples from the pattern), and the ±2^53
 * bounds every integer gets. A discriminated union of named schemas gains its `discriminator`.
 */
function tidy({ zodSchema, jsonSchema }: { zodSchema: z.core.$ZodType; jsonSchema: JsonSchema }): void {
  if (typeof jsonSchema['format'] === 'string') delete jsonSchema['pattern'];
  if (jsonSchema['type'] === 'integer') {
    if (jsonSchema['minimum'] === Number.MIN_SAFE_INTEGER) delete jsonSchema['minimum'];
    if (jsonSchema['maximum'] === Number.MAX_SAFE_INTEGER) delete jsonSchema['maximum'];
  }
  const discriminator = discriminatorOf(zodSchema);
  if (discriminator) jsonSchema['discriminator'] = discriminator;
}

function discriminatorOf(schema: z.core.$ZodType): { propertyName: string; mapping: Record<string, string> } | undefined {
  const def = schema._zod.def as { type: string; discriminator?: string; options?: z.core.$ZodType[] };
  if (def.type !== 'union' || !def.discriminator || !def.options) return undefined;
  const propertyName = def.discriminator;
  const mapping: Record<string, string> = {};
  for (const option of def.options) {
    const id = globalRegistry.get(option)?.id;
    const values = option._zod.propValues?.[propertyName];
    if (!id || !values) return undefined;
    for (const value of values) mapping[String(value)] = `${COMPONENTS}${id}`;
  }
  return { propertyName, mapping };
}
