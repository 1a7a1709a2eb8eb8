import { ContractViolation, OpenApiDocument, OpenApiResponses, readCommittedDocument, ReceivedResponse } from '@lightbox/test-harness';

// The checker itself, on the committed document and on copies of it made wrong on purpose: no API runs.

interface Schema {
  $ref?: string;
  properties?: Record<string, unknown>;
}
interface Document extends OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  components: { schemas: Record<string, Schema> };
}
const committed = (): Document => readCommittedDocument() as Document;

const IMAGE_ID = '3f2b8a34-5c1e-4d7a-9b60-1e2f3a4b5c6d';
const image = {
  id: IMAGE_ID,
  title: 'Harbour',
  tags: ['sea', 'boats'],
  visibility: 'public',
  content_type: 'image/jpeg',
  width: 800,
  height: 600,
  size_bytes: 48_213,
  exif: null,
  location_shown: false,
  owner: { id: '0b7e4a4e-8f0c-4b8e-9d52-6a3c1f2e9b10', username: 'owner' },
  created_at: '2026-05-01T09:30:00.000Z',
  updated_at: '2026-05-01T09:30:00.000Z',
};
const getImage = (body: unknown, overrides: Partial<ReceivedResponse> = {}): ReceivedResponse => ({
  method: 'GET',
  url: `http://127.0.0.1:3000/api/v1/images/${IMAGE_ID}`,
  status: 200,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
  ...overrides,
});

/** images_get's 200 schema, followed through its `$ref` whatever the component is called. */
function imageSchemaOf(document: Document): Schema {
  const schema = document.paths['/api/v1/images/{id}']['get'].responses?.['200'].content?.['application/json'].schema ?? {};
  return schema.$ref ? document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
}

describe('responses held to the OpenAPI document', () => {
  const responses = new OpenApiResponses(committed());

  it('accepts an image as the document declares it', () => {
    expect(() => responses.check(getImage(image))).not.toThrow();
  });

  it("refuses the same image once the document declares the image's width a string", () => {
    const wrong = committed();
    const imageSchema = imageSchemaOf(wrong);
    imageSchema.properties = { ...imageSchema.properties, width: { type: 'string' } };
    expect(() => new OpenApiResponses(wrong).check(getImage(image))).toThrow(/images_get .* answered 200 application\/json that its schema refuses:\n {2}\/width must be string/);
  });

  it('refuses a body its schema does not allow, naming the field, and shows the body', () => {
    const check = () => responses.check(getImage({ ...image, width: '800' }));
    expect(check).toThrow(ContractViolation);
    expect(check).toThrow(/\/width must be integer[\s\S]*body: \{"id":"3f2b8a34/);
  });

  it.each([
    ['a status the operation does not declare', getImage(image, { status: 418 }), /images_get .* answered 418, which the document does not declare/],
    ['a media type the status does not declare', getImage(image, { contentType: 'text/html' }), /answered 200 as text\/html, but the document declares application\/json/],
    ['no media type where one is declared', getImage(image, { contentType: null, body: undefined }), /as no media type/],
    ['a path under /api/v1 that the document does not have', getImage({}, { url: 'http://127.0.0.1:3000/api/v1/nope', status: 404 }), /GET \/api\/v1\/nope is not in the OpenAPI document/],
    ['a method the path does not have', getImage({}, { method: 'PUT' }), /\/api\/v1\/images\/\{id\} has no PUT operation/],
    ['a body that is not JSON under a JSON media type', getImage(image, { body: '<html>' }), /not JSON/],
  ])('refuses %s', (_, response, message) => {
    expect(() => responses.check(response)).toThrow(message);
  });

  it.each([
    ['an image file, by its media type alone', { url: `/api/v1/images/${IMAGE_ID}/file`, contentType: 'image/jpeg', body: undefined }],
    ['a declared 304 without a body', { url: `/api/v1/images/${IMAGE_ID}/file`, status: 304, contentType: null, body: undefined }],
    ['a declared 204', { method: 'DELETE', status: 204, contentType: null, body: undefined }],
    ['a problem under a declared 404', { status: 404, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found', detail: 'No such image.' }) }],
  ])('accepts %s', (_, overrides) => {
    expect(() => responses.check(getImage(image, overrides))).not.toThrow();
  });

  it('refuses an image file in a media type the document does not list', () => {
    expect(() => responses.check(getImage(image, { url: `/api/v1/images/${IMAGE_ID}/file`, contentType: 'image/bmp', body: undefined }))).toThrow(/as image\/bmp/);
  });

  it.each(['/', '/settings/api-keys', '/main-3TQX.js', '/api/openapi.json', '/api/docs', '/api/docs/swagger-ui.css'])(
    'lets %s, served outside the document on purpose, pass unchecked',
    (url) => {
      expect(() => responses.check({ method: 'GET', url, status: 200, contentType: 'text/html' })).not.toThrow();
    },
  );

  it('compiles the schema of every declared JSON response', () => {
    const document = committed();
    const failures: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          for (const mediaType of Object.keys(response.content ?? {}).filter((type) => type.endsWith('json'))) {
            // A body of `null` is refused by every object schema; compiling is what this test is about.
            try {
              responses.check({ method: method.toUpperCase(), url: path.replace(/\{[^}]+\}/g, IMAGE_ID), status: Number(status), contentType: mediaType, body: 'null' });
            } catch (error) {
              if (!(error instanceof ContractViolation)) failures.push(`${method} ${path} ${status} ${mediaType}: ${(error as Error).message}`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
