import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import sharp from 'sharp';
import { images } from '../../src/database/schema';
import { bearer, createUser, login, LoggedIn } from '../support/auth';
import { makeImage, makePixelBomb } from '../support/images';
import { startTestApp, TestApp } from '../support/test-app';

describe('images', () => {
  let t: TestApp;
  let owner: LoggedIn;
  let writeKey: string;
  let imagesDir: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { MAX_UPLOAD_MB: '1' } });
    owner = await login(t);
    imagesDir = join(t.config.dataDir, 'images');
    const key = await t.http
      .post('/api/v1/api-keys')
      .set('authorization', bearer(owner))
      .send({ name: 'uploader', scopes: ['images:read', 'images:write'] })
      .expect(201);
    writeKey = key.body.key;
  });
  afterAll(() => t.close());

  const upload = (file: Buffer, filename: string, fields: Record<string, string> = {}, auth: [string, string] = ['x-api-key', writeKey]) => {
    const request = t.http.post('/api/v1/images').set(...auth);
    for (const [name, value] of Object.entries(fields)) request.field(name, value);
    return request.attach('file', file, filename);
  };
  const rowCount = async () => (await t.database.db.select({ n: count() }).from(images))[0].n;
  /** Every file under DATA_DIR/images, uploads in flight included. */
  const filesOnDisk = () => [...readdirSync(imagesDir), ...readdirSync(join(imagesDir, '.incoming'))].filter((name) => name !== '.incoming');

  it('takes a JPEG and a PNG from an API key, measures them, and serves them to anyone when public', async () => {
    const jpeg = await upload(await makeImage('jpeg', 640, 480), 'sea.jpg', { title: 'Sea', tags: 'Summer, sea', visibility: 'public' }).expect(201);
    expect(jpeg.body).toMatchObject({ title: 'Sea', tags: ['summer', 'sea'], content_type: 'image/jpeg', width: 640, height: 480, visibility: 'public', owner: { username: 'owner' } });
    const png = await upload(await makeImage('png', 300, 200), 'not-a-jpeg.jpg', { visibility: 'public' }).expect(201);
    expect(png.body).toMatchObject({ content_type: 'image/png', width: 300, height: 200 });

    const list = await t.http.get('/api/v1/images').expect(200);
    expect(list.body.items.map((image: { id: string }) => image.id)).toEqual(expect.arrayContaining([jpeg.body.id, png.body.id]));

    const file = await t.http.get(`/api/v1/images/${jpeg.body.id}/file`).buffer(true).expect(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['cache-control']).toBe('public, max-age=300');
    expect((await sharp(file.body).metadata()).width).toBe(640);
  });

  it('answers 304 for the ETag it gave, and serves a WebP thumbnail without the camera metadata', async () => {
    const { body } = await upload(await makeImage('jpeg', 1600, 1200, true), 'exif.jpg', { visibility: 'public' }).expect(201);
    const first = await t.http.get(`/api/v1/images/${body.id}/file`).expect(200);
    expect(first.headers.etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await t.http.get(`/api/v1/images/${body.id}/file`).set('if-none-match', first.headers.etag).expect(304);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(first.body.toString('latin1')).toContain('secret-camera-owner');

    const thumbnail = await t.http.get(`/api/v1/images/${body.id}/thumbnail`).buffer(true).expect(200);
    expect(thumbnail.headers['content-type']).toBe('image/webp');
    expect(thumbnail.headers.etag).not.toBe(first.headers.etag);
    const facts = await sharp(thumbnail.body).metadata();
    expect(Math.max(facts.width, facts.height)).toBeLessThanOrEqual(480);
    expect(facts.exif).toBeUndefined();
    expect(thumbnail.body.toString('latin1')).not.toContain('secret-camera-owner');
    await t.http.get(`/api/v1/images/${body.id}/thumbnail`).set('if-none-match', `W/${thumbnail.headers.etag}`).expect(304);
  });

  it('serves a preview of at most 1600 px without metadata, and makes one for an image uploaded before previews', async () => {
    // Flat colour, so that a large image stays under this file's 1 MB upload limit.
    const wide = await sharp({ create: { width: 2400, height: 1200, channels: 3, background: '#2a6' } }).withExif({ IFD0: { Copyright: 'secret-camera-owner' } }).jpeg().toBuffer();
    const { body } = await upload(wide, 'wide.jpg', { visibility: 'public' }).expect(201);
    const preview = await t.http.get(`/api/v1/images/${body.id}/preview`).buffer(true).expect(200);
    expect(preview.headers['content-type']).toBe('image/webp');
    const facts = await sharp(preview.body).metadata();
    expect([facts.width, facts.height, facts.exif]).toEqual([1600, 800, undefined]);
    expect(preview.body.toString('latin1')).not.toContain('secret-camera-owner');
    await t.http.get(`/api/v1/images/${body.id}/preview`).set('if-none-match', preview.headers.etag).expect(304);

    rmSync(join(imagesDir, `${body.id}.preview.webp`));
    const remade = await t.http.get(`/api/v1/images/${body.id}/preview`).buffer(true).expect(200);
    expect(await sharp(remade.body).metadata()).toMatchObject({ width: 1600, height: 800 });
    expect(existsSync(join(imagesDir, `${body.id}.preview.webp`))).toBe(true);
  });

  it.each([
    ['a text file named x.jpg', () => Buffer.from('just some text, not an image at all'), 415, 'unsupported_media_type'],
    ['a truncated JPEG', async () => (await makeImage('jpeg', 400, 400)).subarray(0, 600), 415, 'unsupported_media_type'],
    ['a file over MAX_UPLOAD_MB', async () => Buffer.concat([await makeImage('jpeg', 64, 64), Buffer.alloc(1024 * 1024 + 10)]), 413, 'payload_too_large'],
    ['a 20000 × 20000 PNG', () => makePixelBomb(20_000, 20_000), 413, 'payload_too_large'],
  ])('refuses %s and leaves neither row nor file', async (_name, make, status, code) => {
    const rowsBefore = await rowCount();
    const filesBefore = filesOnDisk();
    const res = await upload(await make(), 'x.jpg');
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status, code });
    expect(await rowCount()).toBe(rowsBefore);
    expect(filesOnDisk()).toEqual(filesBefore);
  });

  it('refuses a JSON body (415), a missing file and bad fields (400), saving nothing', async () => {
    const rowsBefore = await rowCount();
    await t.http.post('/api/v1/images').set('x-api-key', writeKey).send({ title: 'no file' }).expect(415);
    const noFile = await t.http.post('/api/v1/images').set('x-api-key', writeKey).field('title', 'no file').expect(400);
    expect(noFile.body.code).toBe('validation_failed');
    const badTag = await upload(await makeImage('png', 10, 10), 'a.png', { tags: 'ok, not ok!' }).expect(400);
    expect(badTag.body.errors[0].path).toBe('tags.1');
    await upload(await makeImage('png', 10, 10), 'a.png', { colour: 'red' }).expect(400);
    expect(await rowCount()).toBe(rowsBefore);
    expect(readdirSync(join(imagesDir, '.incoming'))).toEqual([]);
  });

  it('lets a key with only images:write see and change what it uploaded', async () => {
    const created = await t.http.post('/api/v1/api-keys').set('authorization', bearer(owner)).send({ name: 'write only', scopes: ['images:write'] }).expect(201);
    const auth: [string, string] = ['x-api-key', created.body.key];
    const { body } = await upload(await makeImage('png', 12, 12), 'w.png', {}, auth).expect(201);
    expect(body.visibility).toBe('private');
    expect((await t.http.get(`/api/v1/images/${body.id}`).set(...auth).expect(200)).body.id).toBe(body.id);
    const listed = await t.http.get('/api/v1/images?limit=100').set(...auth).expect(200);
    expect(listed.body.items.map((image: { id: string }) => image.id)).toContain(body.id);
    const changed = await t.http.patch(`/api/v1/images/${body.id}`).set(...auth).send({ title: 'seen' }).expect(200);
    expect(changed.body.title).toBe('seen');
    await t.http.delete(`/api/v1/images/${body.id}`).set(...auth).expect(204);
    await t.http.get(`/api/v1/images/${body.id}`).set(...auth).expect(404);
  });

  it('answers 400, not 500, to malformed forms and odd parameters, keeping nothing', async () => {
    const rowsBefore = await rowCount();
    const raw = (contentType: string, body: string) =>
      t.http.post('/api/v1/images').set('x-api-key', writeKey).set('content-type', contentType).send(body);
    expect((await raw('multipart/form-data', 'no boundary at all')).status).toBe(400);
    const unterminated = '--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nPNG bytes that never end';
    expect((await raw('multipart/form-data; boundary=b', unterminated)).status).toBe(400);
    const jsonField = '--b\r\nContent-Disposition: form-data; name="title"\r\nContent-Type: application/json\r\n\r\n{"a":1}\r\n--b--\r\n';
    expect((await raw('multipart/form-data; boundary=b', jsonField)).status).toBe(400);
    const wrongField = await t.http.post('/api/v1/images').set('x-api-key', writeKey).attach('image', Buffer.alloc(900 * 1024), 'big.png');
    expect(wrongField.status).toBe(400);

    const cursor = (text: string) => Buffer.from(text).toString('base64url');
    for (const bad of [
      JSON.stringify(['2026-01-01T00:00:00.000Z', '-'.repeat(36)]),
      JSON.stringify(['2026-01-01T00:00:00.000Z', 'a'.repeat(36)]),
      JSON.stringify(['0000-01-01T00:00:00.000Z', randomUUID()]),
      JSON.stringify(['2026-01-01T00:00:00.000Z', randomUUID(), 'more']),
      `2026-01-01T00:00:00.000Z|${randomUUID()}`,
    ]) {
      expect((await t.http.get(`/api/v1/images?cursor=${cursor(bad)}`)).status).toBe(400);
    }
    expect((await t.http.get('/api/v1/images?q=a%00b')).status).toBe(400);
    expect(await rowCount()).toBe(rowsBefore);
    expect(readdirSync(join(imagesDir, '.incoming'))).toEqual([]);
  });

  it('keeps tags in one form: NFC, lower case, letters of any script', async () => {
    const { body } = await upload(await makeImage('png', 8, 8), 't.png', { tags: 'İstanbul, Cafe\u0301, ÉTÉ' }).expect(201);
    expect(body.tags).toEqual(['i̇stanbul', 'café', 'été']);
  });

  it('hides private images from visitors but shows them to a viewer', async () => {
    const { body } = await upload(await makeImage('png', 20, 20), 'p.png', { title: 'Private one' }).expect(201);
    expect(body.visibility).toBe('private');
    await t.http.get(`/api/v1/images/${body.id}`).expect(404);
    await t.http.get(`/api/v1/images/${body.id}/file`).expect(404);
    const anonymous = await t.http.get('/api/v1/images?limit=100').expect(200);
    expect(anonymous.body.items.map((image: { id: string }) => image.id)).not.toContain(body.id);

    const viewer = await createUser(t, 'viewer', owner);
    const session = await login(t, viewer.username, viewer.password);
    await t.http.get(`/api/v1/images/${body.id}`).set('authorization', bearer(session)).expect(200);
    const file = await t.http.get(`/api/v1/images/${body.id}/file`).set('authorization', bearer(session)).expect(200);
    expect(file.headers['cache-control']).toBe('private, no-cache');
  });

  it('lets editors change only their own images, and refuses viewers any write', async () => {
    const { body: ownersImage } = await upload(await makeImage('png', 20, 20), 'o.png', { visibility: 'public' }).expect(201);
    const editor = await login(t, ...(await credentials('editor')));
    const { body: editorsImage } = await upload(await makeImage('png', 20, 20), 'e.png', {}, ['authorization', bearer(editor)]).expect(201);

    const refused = await t.http.delete(`/api/v1/images/${ownersImage.id}`).set('authorization', bearer(editor)).expect(403);
    expect(refused.body.code).toBe('not_owner');
    await t.http.patch(`/api/v1/images/${ownersImage.id}`).set('authorization', bearer(editor)).send({ title: 'mine now' }).expect(403);
    const changed = await t.http.patch(`/api/v1/images/${editorsImage.id}`).set('authorization', bearer(editor)).send({ title: 'Renamed', tags: ['B', 'a', 'b'] }).expect(200);
    expect(changed.body).toMatchObject({ title: 'Renamed', tags: ['b', 'a'] });

    const viewer = await login(t, ...(await credentials('viewer')));
    const denied = await upload(await makeImage('png', 20, 20), 'v.png', {}, ['authorization', bearer(viewer)]).expect(403);
    expect(denied.body.code).toBe('insufficient_scope');
    // The owner manages users, and so may change anyone's images.
    await t.http.patch(`/api/v1/images/${editorsImage.id}`).set('authorization', bearer(owner)).send({ visibility: 'public' }).expect(200);
  });

  it('deletes the row and its three files', async () => {
    const { body } = await upload(await makeImage('png', 20, 20), 'gone.png', { visibility: 'public' }).expect(201);
    expect(filesOnDisk().filter((name) => name.startsWith(body.id))).toHaveLength(3);
    await t.http.delete(`/api/v1/images/${body.id}`).set('x-api-key', writeKey).expect(204);
    expect(filesOnDisk().filter((name) => name.startsWith(body.id))).toEqual([]);
    await t.http.get(`/api/v1/images/${body.id}`).set('x-api-key', writeKey).expect(404);
    await t.http.delete(`/api/v1/images/${body.id}`).set('x-api-key', writeKey).expect(404);
    const audit = await t.http.get('/api/v1/audit-events?action=image.deleted').set('authorization', bearer(owner)).expect(200);
    expect(audit.body.items[0]).toMatchObject({ target: `image:${body.id}`, outcome: 'success' });
  });

  it('pages newest first with a cursor that survives deletion, filters by tag and searches titles', async () => {
    const ids: string[] = [];
    for (const title of ['Alpha 100%', 'Beta', 'Gamma', 'Delta']) {
      const { body } = await upload(await makeImage('png', 8, 8), 'p.png', { title, tags: 'paging', visibility: 'public' }).expect(201);
      ids.unshift(body.id);
    }
    const first = await t.http.get('/api/v1/images?tag=paging&limit=2').expect(200);
    expect(first.body.items.map((image: { id: string }) => image.id)).toEqual(ids.slice(0, 2));
    await t.http.delete(`/api/v1/images/${ids[1]}`).set('x-api-key', writeKey).expect(204);
    const second = await t.http.get(`/api/v1/images?tag=paging&limit=2&cursor=${first.body.next_cursor}`).expect(200);
    expect(second.body.items.map((image: { id: string }) => image.id)).toEqual(ids.slice(2, 4));
    expect(second.body.next_cursor).toBeNull();

    const search = await t.http.get('/api/v1/images?q=100%25').expect(200);
    expect(search.body.items.map((image: { title: string }) => image.title)).toEqual(['Alpha 100%']);
    await t.http.get('/api/v1/images?cursor=not-ours').expect(400);
    await t.http.get('/api/v1/images?limit=1000').expect(400);

    const tags = await t.http.get('/api/v1/tags').expect(200);
    expect(tags.body).toContainEqual({ name: 'paging', count: 3 });
  });

  it('refuses to delete a user who still owns images', async () => {
    const editor = await createUser(t, 'editor', owner);
    const session = await login(t, editor.username, editor.password);
    await upload(await makeImage('png', 8, 8), 'e.png', {}, ['authorization', bearer(session)]).expect(201);
    const res = await t.http.delete(`/api/v1/users/${editor.id}`).set('authorization', bearer(owner)).expect(409);
    expect(res.body.detail).toContain('owns images');
    await t.http.get('/api/v1/auth/me').set('authorization', bearer(session)).expect(200);
  });

  async function credentials(role: 'editor' | 'viewer'): Promise<[string, string]> {
    const user = await createUser(t, role, owner);
    return [user.username, user.password];
  }
});
