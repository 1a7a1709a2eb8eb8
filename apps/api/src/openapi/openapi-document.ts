import { API_KEY_HEADER, ProblemSchema, PROBLEM_CONTENT_TYPE, SCOPE_DESCRIPTIONS } from '@lightbox/auth-contracts';
import { INestApplication, Injectable, Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, type OperationObject, type SecurityRequirementObject, SwaggerModule, type TagObject } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { z } from 'zod';
import { AccessRule, accessRuleOf, Credential } from '../access/access-rule';
import { PROBLEMS_KEY } from './api-problems.decorator';

export const OPENAPI_DOCUMENT_PATH = 'api/openapi.json';
export const SWAGGER_UI_PATH = 'api/docs';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The OpenAPI security scheme that stands for each credential the guard accepts. */
const SCHEMES_BY_CREDENTIAL: Readonly<Record<Credential, readonly string[]>> = {
  bearer: ['bearer', 'oauth2'],
  apiKey: ['apiKey'],
};

const HEADER = new DocumentBuilder()
  .setOpenAPIVersion('3.1.0')
  .setTitle('Lightbox')
  .setDescription(
    'A self-hosted image gallery. Log in for a bearer token (or use the OAuth2 password flow), or send an API key in `X-API-Key`. ' +
      'Every error is `application/problem+json` with a stable `code`; any operation that needs the database answers ' +
      '503 `service_unavailable` while it does not answer.',
  )
  .setVersion('1')
  .setLicense('MIT', 'https://opensource.org/licenses/MIT')
  .addServer('/')
  .addSecurity('bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from POST /api/v1/auth/login.' })
  .addSecurity('apiKey', { type: 'apiKey', in: 'header', name: API_KEY_HEADER, description: 'An API key (`lbx_…`).' })
  .addSecurity('oauth2', {
    type: 'oauth2',
    description: 'The password grant of POST /api/v1/auth/token, for Swagger UI and OAuth clients.',
    flows: { password: { tokenUrl: '/api/v1/auth/token', scopes: { ...SCOPE_DESCRIPTIONS } } },
  })
  .build();

/** `ImagesController.list` → `images_list`: unique, and stable as long as the code is. */
export function operationIdOf(controllerKey: string, methodKey: string): string {
  const controller = controllerKey.replace(/Controller$/, '');
  return `${controller[0].toLowerCase()}${controller.slice(1)}_${methodKey}`;
}

interface Route {
  rule: AccessRule;
  problems: readonly number[];
}

/**
 * The OpenAPI document of the running application. Security requirements and the errors they
 * imply come from the very decorators the guard reads, so the document cannot promise what the
 * guard does not do; an operation without a known handler is an error, not a guess.
 */
@Injectable()
export class OpenApiDocumentFactory {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  create(app: INestApplication): OpenAPIObject {
    const document = SwaggerModule.createDocument(app, HEADER, { operationIdFactory: operationIdOf });
    const routes = this.routesByOperationId();
    const tags = new Set<string>();
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of HTTP_METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const route = operation.operationId ? routes.get(operation.operationId) : undefined;
        if (!route) throw new Error(`No handler found for the operation ${method.toUpperCase()} ${path}`);
        operation.tags?.forEach((tag) => tags.add(tag));
        describeAccess(operation, route.rule);
        describeProblems(operation, path, route);
      }
    }
    document.tags = [...tags].sort().map((name): TagObject => ({ name }));
    document.components = {
      ...document.components,
      schemas: { ...document.components?.schemas, Problem: jsonSchemaOf(ProblemSchema) },
    };
    return cleanupOpenApiDoc(document);
  }

  private routesByOperationId(): Map<string, Route> {
    const routes = new Map<string, Route>();
    for (const { metatype } of this.discovery.getControllers()) {
      if (!metatype) continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        routes.set(operationIdOf(metatype.name, name), {
          rule: accessRuleOf(this.reflector, handler, metatype as Type),
          problems: this.reflector.get<number[] | undefined>(PROBLEMS_KEY, handler) ?? [],
        });
      }
    }
    return routes;
  }
}

/**
 * One requirement object per scheme: alternatives (OR), never one object naming two (AND). Scopes
 * are listed on the OAuth2 scheme, the one that defines them, and stated in words for all. A public
 * route lists the empty requirement first (no credentials) and then the schemes, because valid
 * credentials still count there (the owner sees private images), so clients should send them.
 */
function describeAccess(operation: OperationObject, rule: AccessRule): void {
  const schemes = rule.credentials.flatMap((credential) =>
    SCHEMES_BY_CREDENTIAL[credential].map((scheme): SecurityRequirementObject => ({ [scheme]: scheme === 'oauth2' ? [...rule.scopes] : [] })),
  );
  operation.security = rule.isPublic ? [{}, ...schemes] : schemes;
  const access = accessInWords(rule);
  operation.description = operation.description ? `${operation.description}\n\n${access}` : access;
}

function accessInWords({ isPublic, scopes, credentials }: AccessRule): string {
  if (isPublic) return 'Public: no credentials needed; valid ones, if sent, are honoured.';
  const who = credentials.includes('apiKey') ? 'a bearer token or an API key' : "a user's bearer token (API keys are refused)";
  const needs = scopes.length === 0 ? '' : ` with the scope${scopes.length > 1 ? 's' : ''} ${scopes.map((scope) => `\`${scope}\``).join(', ')}`;
  return `Needs ${who}${needs}.`;
}

function describeProblems(operation: OperationObject, path: string, route: Route): void {
  const statuses = new Set(route.problems);
  if ((operation.parameters?.length ?? 0) > 0 || operation.requestBody) statuses.add(400);
  if (!route.rule.isPublic) {
    // Any request may carry an API key, and keys have rate limits (429), even where they are then refused.
    [401, 429].forEach((status) => statuses.add(status));
    if (route.rule.scopes.length > 0 || !route.rule.credentials.includes('apiKey')) statuses.add(403);
  }
  if (path.includes('{')) statuses.add(404);
  for (const status of [...statuses].sort()) {
    // A route that declares its own error body for a status (the OAuth token endpoint) keeps it.
    operation.responses[status] ??= {
      description: STATUS_CODES[status] ?? 'Error',
      ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } } } : {}),
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
}

/** A zod schema as a plain OpenAPI 3.1 schema object (JSON Schema 2020-12 without `$schema`). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const jsonSchema = { ...(z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>) };
  delete jsonSchema['$schema'];
  return jsonSchema;
}
