import { ApiProcess, startApi, committedDocument } from '@lightbox/test-harness';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { apiKeysCreate, authLogin, authMe, imagesDelete, imagesGet, imagesList, imagesUpdate, imagesUpload } from './generated/hey-api';
import { type Client, createClient } from './generated/hey-api/client';

/**
 * The main flow of gallery-api.spec.ts once more, through the SDK that @hey-api/openapi-ts generates
 * from the same document: a second generator's reading of it must work against the real API too.
 * Every response is held to the document.
 */
const OWNER = { username: 'owner', password: 'an sdk e2e owner password' };

describe('the gallery flow through the hey-api SDK', () => {
  let dataDir: string;
  let server: ApiProcess;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lightbox-e2e-sdk-'));
    server = await startApi({ DATA_DIR: dataDir, OWNER_USERNAME: OWNER.username, OWNER_PASSWORD: OWNER.password });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A client that sends these credentials with every call. */
  const clientWith = (headers: Record<string, string> = {}): Client => {
    const client = createClient({ baseUrl: server.baseUrl, headers });
    client.interceptors.response.use(async (response, request) => {
      await committedDocument().checkResponse(request.method, request.url, response);
      return response;
    });
    return client;
  };

  let owner: Client;
  let withKey: Client;
  let imageId: string;

  it('logs in, and the token says who it is', async () => {
    const { data: tokens } = await authLogin({ client: clientWith(), body: OWNER, throwOnError: true });
    owner = clientWith({ Authorization: `Bearer ${tokens.access_token}` });
    const { data: me } = await authMe({ client: owner, throwOnError: true });
    expect(me).toMatchObject({ kind: 'user', username: OWNER.username, role: 'owner' });
  });

  it('creates an API key that then acts for its owner', async () => {
    const { data: created, response } = await apiKeysCreate({
      client: owner,
      body: { name: 'sdk sync', scopes: ['images:read', 'images:write'] },
      throwOnError: true,
    });
    expect(response.status).toBe(201);
    withKey = clientWith({ 'X-API-Key': created.key });
    expect((await authMe({ client: withKey, throwOnError: true })).data).toMatchObject({ kind: 'api_key', name: 'sdk sync' });
  });

  it('uploads an image with the key, and lists the public one to anyone', async () => {
    const png = await sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 30, g: 90, b: 200 } } }).png().toBuffer();
    const { data: uploaded } = await imagesUpload({
      client: withKey,
      body: { file: new Blob([new Uint8Array(png)]), title: 'Lagoon', tags: 'sea, sdk', visibility: 'public' },
      throwOnError: true,
    });
    expect(uploaded).toMatchObject({ width: 32, height: 24, content_type: 'image/png', tags: ['sea', 'sdk'] });
    imageId = uploaded.id;

    const { data: page } = await imagesList({ client: clientWith(), query: { tag: 'sdk' }, throwOnError: true });
    expect(page.items.map((image) => image.id)).toEqual([imageId]);
  });

  it('changes the image, then deletes it', async () => {
    const { data: changed } = await imagesUpdate({ client: withKey, path: { id: imageId }, body: { title: 'Lagoon at dusk', tags: ['dusk'] }, throwOnError: true });
    expect(changed).toMatchObject({ title: 'Lagoon at dusk', tags: ['dusk'] });

    const { response } = await imagesDelete({ client: withKey, path: { id: imageId }, throwOnError: true });
    expect(response.status).toBe(204);
    const { error } = await imagesGet({ client: owner, path: { id: imageId } });
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
  });
});
