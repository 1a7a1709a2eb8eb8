import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every response the api-e2e suites receive, held to the committed OpenAPI document: its status must
 * be declared for the operation, its media type declared for that status, and a JSON body must match
 * the schema declared for both. A response that breaks the contract fails the test that received it.
 */

interface OpenApiResponse {
  content?: Record<string, { schema?: object }>;
}
interface OpenApiOperation {
  operationId: string;
  responses: Record<string, OpenApiResponse>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

/** What a response is, as far as the document is concerned; `body` is read only for JSON. */
export interface ReceivedResponse {
  method: string;
  url: string;
  status: number;
  contentType: string | null;
  body?: string;
}

export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

/** Served on the same port, and deliberately not in the document. Any other path outside it is an error. */
const OUTSIDE_THE_DOCUMENT: ((path: string) => boolean)[] = [
  (path) => !path.startsWith('/api/') && !path.startsWith('/health'), // the SPA: its files and deep links
  (path) => path === '/api/openapi.json', // the document itself
  (path) => path === '/api/docs' || path.startsWith('/api/docs/'), // Swagger UI
];

const OPENAPI_OBJECT_FIELDS = ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks', 'components', 'security', 'tags'];
const SCHEMA_OBJECT_FIELDS = ['discriminator', 'xml', 'externalDocs', 'example'];
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const DOCUMENT_ID = 'openapi.json';
const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');

/** Percent-encoded per RFC 6901, as a `$ref` into the document. */
const pointer = (...tokens: string[]) => tokens.map((token) => '/' + encodeURIComponent(token.replace(/~/g, '~0').replace(/\//g, '~1'))).join('');

export interface OpenApiResponsesOptions {
  /**
   * `refuse` (the default): a request to a path or method the document does not have is itself a
   * violation. `ignore`: such answers are not checked, for the HTTP tests that probe unknown routes.
   */
  undocumented?: 'refuse' | 'ignore';
}

export class OpenApiResponses {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, validateSchema: false });
  private readonly validators = new Map<string, ValidateFunction>();
  /** Literal paths first, then by fewer `{parameters}`: `/users/me` would win over `/users/{id}`. */
  private readonly templates: { path: string; pattern: RegExp }[];

  constructor(
    private readonly document: OpenApiDocument,
    private readonly options: OpenApiResponsesOptions = {},
  ) {
    addFormats(this.ajv);
    // The whole document is registered, so that a `$ref: '#/components/schemas/X'` inside a response
    // schema resolves; its own fields, and those the OpenAPI 3.1 Schema Object adds to JSON Schema,
    // are annotations to ajv. Any other unknown keyword still fails the compile (strict mode).
    this.ajv.addVocabulary([...OPENAPI_OBJECT_FIELDS, ...SCHEMA_OBJECT_FIELDS]);
    this.ajv.addSchema(document, DOCUMENT_ID);
    const parameters = (path: string) => path.split('{').length - 1;
    this.templates = Object.keys(document.paths)
      .sort((a, b) => parameters(a) - parameters(b))
      .map((path) => ({ path, pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`) }));
  }

  /** `check` for a fetch Response; a JSON body is read from a clone, so that the caller can still read it. */
  async checkResponse(method: string, url: string, response: Response): Promise<void> {
    const contentType = response.headers.get('content-type');
    const json = contentType !== null && isJson(mediaTypeOf(contentType));
    this.check({ method, url, status: response.status, contentType, body: json ? await response.clone().text() : undefined });
  }

  /** Throws a ContractViolation naming the operation, the status and what is wrong; returns if the document allows it. */
  check({ method, url, status, contentType, body }: ReceivedResponse): void {
    const path = new URL(url, 'http://localhost').pathname;
    const template = this.templates.find(({ pattern }) => pattern.test(path));
    if (!template) {
      if (this.options.undocumented === 'ignore' || OUTSIDE_THE_DOCUMENT.some((outside) => outside(path))) return;
      throw new ContractViolation(`${method} ${path} is not in the OpenAPI document (it answered ${status})`);
    }
    const operation = METHODS.has(method.toLowerCase()) ? (this.document.paths[template.path][method.toLowerCase()] as OpenApiOperation | undefined) : undefined;
    if (!operation && this.options.undocumented === 'ignore') return;
    if (!operation) throw new ContractViolation(`${template.path} has no ${method} operation in the OpenAPI document (it answered ${status})`);
    const name = `${operation.operationId} (${method} ${path})`;
    const declared = [String(status), `${String(status)[0]}XX`, 'default'].find((key) => key in operation.responses);
    if (!declared) {
      throw new ContractViolation(`${name} answered ${status}, which the document does not declare (it declares ${Object.keys(operation.responses).join(', ')})`);
    }
    const content = operation.responses[declared].content ?? {};
    const declaredTypes = Object.keys(content);
    if (declaredTypes.length === 0) {
      if (body) throw new ContractViolation(`${name} answered ${status} with a ${contentType} body, but the document declares none`);
      return;
    }
    const mediaType = contentType === null ? undefined : mediaTypeOf(contentType);
    const declaredType = declaredTypes.find((range) => mediaType !== undefined && mediaTypeMatches(range, mediaType));
    if (!declaredType) {
      throw new ContractViolation(`${name} answered ${status} as ${contentType ?? 'no media type'}, but the document declares ${declaredTypes.join(', ')}`);
    }
    if (!isJson(declaredType) || !content[declaredType].schema) return;

    const validate = this.validator(template.path, method.toLowerCase(), declared, declaredType);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body ?? '');
    } catch {
      throw new ContractViolation(`${name} answered ${status} ${declaredType} with a body that is not JSON: ${body}`);
    }
    if (!validate(parsed)) {
      const errors = (validate.errors ?? []).map((error) => `  ${error.instancePath || '(the body)'} ${error.message} ${JSON.stringify(error.params)}`);
      throw new ContractViolation(
        `${name} answered ${status} ${declaredType} that its schema refuses:\n${errors.join('\n')}\nbody: ${body}`,
      );
    }
  }

  /** Compiled on first use, once per operation × status × media type. */
  private validator(path: string, method: string, status: string, mediaType: string): ValidateFunction {
    const ref = `${DOCUMENT_ID}#${pointer('paths', path, method, 'responses', status, 'content', mediaType, 'schema')}`;
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    return validate;
  }
}

const mediaTypeOf = (contentType: string) => contentType.split(';')[0].trim().toLowerCase();

/** `image/*` and `*\/*` are ranges in the document; a response names one type. */
function mediaTypeMatches(range: string, mediaType: string): boolean {
  const [type, subtype] = range.toLowerCase().split('/');
  const [actualType, actualSubtype] = mediaType.split('/');
  return (type === '*' || type === actualType) && (subtype === '*' || subtype === actualSubtype);
}

/** The committed apps/api/openapi.json. */
export function readCommittedDocument(): OpenApiDocument {
  return JSON.parse(readFileSync(join(__dirname, '../../../apps/api/openapi.json'), 'utf8')) as OpenApiDocument;
}

let committed: OpenApiResponses | undefined;

/** The committed document as a checker, made once per test file. */
export function committedDocument(): OpenApiResponses {
  committed ??= new OpenApiResponses(readCommittedDocument());
  return committed;
}

/** `fetch`, with the response held to the committed document before the caller sees it. */
export async function checkedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, init);
  await committedDocument().checkResponse(init.method ?? 'GET', url, response);
  return response;
}
