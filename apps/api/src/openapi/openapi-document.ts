import { API_KEY_HEADER, ErrorCode, SCOPE_DESCRIPTIONS, SHARE_TOKEN_HEADER } from '@lightbox/auth-contracts';
import { INestApplication, Injectable, Type } from '@nestjs/common';
import { PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, type OperationObject, type SecurityRequirementObject, SwaggerModule, type TagObject } from '@nestjs/swagger';
import { AccessRule, accessRuleOf, Credential } from '../access/access-rule';
import { principalOf } from '../access/current-principal.decorator';
import { STATUS_BY_CODE } from '../http/app-error';
import { NEVER_UNAVAILABLE_KEY, PROBLEMS_KEY } from './api-responses';
import { componentSchemas } from './openapi-schema';
import { problemExamples, problemResponse, type ProblemKind } from './problem-responses';

export const OPENAPI_DOCUMENT_PATH = 'api/openapi.json';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The OpenAPI security scheme that stands for each credential the guard accepts. */
const SCHEMES_BY_CREDENTIAL: Readonly<Record<Credential, readonly string[]>> = {
  bearer: ['bearer', 'oauth2'],
  apiKey: ['apiKey'],
  shareToken: ['shareToken'],
};

/** One per controller; a controller without one here is an error when the document is made. */
const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  Auth: 'Logging in and out, tokens, sessions and passwords: for people. `/auth/me` also answers API keys.',
  Images: 'The gallery: upload, list, change and delete images, and fetch their bytes.',
  Albums: 'Albums: arrangements of images, seen as their images are.',
  ShareLinks: 'Links that open one album or image to whoever holds them, managed by people.',
  ShareAccess: 'Opening a share link, for visitors.',
  Tags: 'The tags in use.',
  ApiKeys: 'API keys for programs, managed by people.',
  Users: 'The people who can log in, managed by administrators.',
  Invitations: 'One-time links that let a person make their own account, managed by administrators.',
  Join: 'Making an account: with an invitation, or by signing up where the owner allows it.',
  SecurityPolicy: 'Who must use a second factor, set by administrators.',
  Audit: 'The audit log.',
  Health: 'Liveness and readiness probes for orchestrators.',
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
  .addServer('/', 'This server')
  .addSecurity('bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from POST /api/v1/auth/login.' })
  .addSecurity('apiKey', { type: 'apiKey', in: 'header', name: API_KEY_HEADER, description: 'An API key (`lbx_…`).' })
  .addSecurity('shareToken', {
    type: 'apiKey',
    in: 'header',
    name: SHARE_TOKEN_HEADER,
    description: 'A share token from POST /api/v1/share-links/access: reads of one album or image, on the operations that list this scheme, and nothing else.',
  })
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
  /** Whether the handler reads the caller, so that credentials count even where none are needed. */
  readsPrincipal: boolean;
  problems: readonly ErrorCode[];
  neverUnavailable: boolean;
}

/**
 * The OpenAPI document of the running application. Security requirements and the errors they
 * imply come from the very decorators the guard reads, so the document cannot promise what the
 * guard does not do; an operation without a known handler, a summary or described answers is an
 * error, not a guess.
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
    const problems = new Map<string, ProblemKind>();
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of HTTP_METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const name = `${method.toUpperCase()} ${path}`;
        const route = operation.operationId ? routes.get(operation.operationId) : undefined;
        if (!route) throw new Error(`No handler found for the operation ${name}`);
        if (!operation.summary) throw new Error(`${name} has no summary: give it an @ApiOperation`);
        operation.tags?.forEach((tag) => tags.add(tag));
        describeAccess(operation, route);
        for (const kind of describeProblems(operation, path, route)) problems.set(`${kind.status} ${kind.code}`, kind);
        for (const [status, response] of Object.entries(operation.responses)) {
          if (!response || !('description' in response) || !response.description) throw new Error(`${name} answers ${status} without a description`);
        }
      }
    }
    document.tags = [...tags].sort().map((tag): TagObject => {
      const description = TAG_DESCRIPTIONS[tag];
      if (!description) throw new Error(`The tag ${tag} has no description`);
      return { name: tag, description };
    });
    document.components = { ...document.components, schemas: componentSchemas(), examples: problemExamples(problems.values()) };
    return document;
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
          readsPrincipal: readsPrincipal(metatype, name),
          problems: this.reflector.get<ErrorCode[] | undefined>(PROBLEMS_KEY, handler) ?? [],
          neverUnavailable: this.reflector.get<boolean | undefined>(NEVER_UNAVAILABLE_KEY, handler) === true,
        });
      }
    }
    return routes;
  }
}

/** Nest keeps a handler's parameter decorators on its controller class, by method name. */
function readsPrincipal(controller: object, methodName: string): boolean {
  const parameters: Record<string, { factory?: unknown }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, methodName) ?? {};
  return Object.values(parameters).some((parameter) => parameter.factory === principalOf);
}

/**
 * One requirement object per scheme: alternatives (OR), never one object naming two (AND), each
 * with the scopes needed. A public route that reads the caller lists the empty requirement first
 * (no credentials) and then the schemes, because valid credentials count there (the owner sees
 * private images); a public route that does not has no requirement at all.
 */
function describeAccess(operation: OperationObject, { rule, readsPrincipal }: Route): void {
  const schemes = rule.credentials.flatMap((credential) =>
    SCHEMES_BY_CREDENTIAL[credential].map((scheme): SecurityRequirementObject => ({ [scheme]: [...rule.scopes] })),
  );
  operation.security = !rule.isPublic ? schemes : readsPrincipal ? [{}, ...schemes] : [];
  const access = accessInWords(rule, readsPrincipal);
  operation.description = operation.description ? `${operation.description}\n\n${access}` : access;
}

function accessInWords({ isPublic, scopes, credentials, stepUpMaxAge }: AccessRule, readsPrincipal: boolean): string {
  if (isPublic && credentials.includes('shareToken')) return 'Public: no credentials needed; valid ones, if sent, are honoured, and a share token (`X-Share-Token`) reads what its link opens.';
  if (isPublic) return readsPrincipal ? 'Public: no credentials needed; valid ones, if sent, are honoured.' : 'Public: no credentials needed.';
  const who = credentials.includes('apiKey') ? 'a bearer token or an API key' : "a user's bearer token (API keys are refused)";
  const needs = scopes.length === 0 ? '' : ` with the scope${scopes.length > 1 ? 's' : ''} ${scopes.map((scope) => `\`${scope}\``).join(', ')}`;
  const recent =
    stepUpMaxAge === undefined
      ? ''
      : ` Step-up: the token's authentication must be at most ${stepUpMaxAge / 60} minutes old and as strong as your strongest factor (passkey, then authenticator app, then password), else 401 \`step_up_required\`: confirm with \`POST /auth/reauth\` and retry.`;
  return `Needs ${who}${needs}.${recent}`;
}

/** What the guard answers for refused credentials, on any route that needs some. */
const CREDENTIAL_CODES = [
  ErrorCode.AuthenticationRequired,
  ErrorCode.InvalidToken,
  ErrorCode.TokenExpired,
  ErrorCode.InvalidApiKey,
  ErrorCode.ApiKeyRevoked,
  ErrorCode.ApiKeyExpired,
] as const;

/** Adds the error answers of the operation; returns what it can answer with. */
function describeProblems(operation: OperationObject, path: string, route: Route): ProblemKind[] {
  const codes = new Set<ErrorCode>(route.problems);
  // Any request can be unreadable (a malformed request line or Content-Length) before routing.
  codes.add(ErrorCode.ValidationFailed);
  // Fastify refuses a body over its limit, or of a type the route does not parse, before we see it.
  if (operation.requestBody) [ErrorCode.PayloadTooLarge, ErrorCode.UnsupportedMediaType].forEach((code) => codes.add(code));
  // A share token is judged where it counts, and refused there when its link no longer opens.
  if (route.rule.credentials.includes('shareToken')) [ErrorCode.InvalidShareLink, ErrorCode.TokenExpired, ErrorCode.ShareLinkExpired].forEach((code) => codes.add(code));
  if (!route.rule.isPublic) {
    // Any request may carry an API key, and keys have rate limits (429), even where they are then refused.
    [...CREDENTIAL_CODES, ErrorCode.TooManyRequests].forEach((code) => codes.add(code));
    if (route.rule.scopes.length > 0 || !route.rule.credentials.includes('apiKey')) codes.add(ErrorCode.InsufficientScope);
    if (route.rule.stepUpMaxAge !== undefined) codes.add(ErrorCode.StepUpRequired);
  }
  if (path.includes('{')) codes.add(ErrorCode.NotFound);
  if (!route.neverUnavailable) codes.add(ErrorCode.ServiceUnavailable);

  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(STATUS_BY_CODE[code], [...(byStatus.get(STATUS_BY_CODE[code]) ?? []), code]);
  // The router refuses a path parameter over its length limit before the route sees it.
  if (path.includes('{')) byStatus.set(414, [ErrorCode.ValidationFailed]);
  const kinds: ProblemKind[] = [];
  for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
    // A route that declares its own error body for a status (the OAuth token endpoint) keeps it.
    if (operation.responses[status]) continue;
    operation.responses[status] = problemResponse(status, statusCodes.sort());
    kinds.push(...statusCodes.map((code) => ({ status, code })));
  }
  return kinds;
}
