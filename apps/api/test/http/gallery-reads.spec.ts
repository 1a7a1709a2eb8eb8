import { bearer, createUser, login, LoggedIn } from '../support/auth';
import { CAMERA_EXIF, CAMERA_PLACE, makeImage, makePhoto } from '../support/images';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The gallery's reads are answered from memory once warm (GalleryCache): each write must be seen
 * by the very next read on the instance that took it, in every view it changes. Each test warms
 * every view first, then writes, then reads. (A second instance: api-e2e's cluster suite.)
 */
describe('gallery reads after writes', () => {
  let t: TestApp;
  let owner: LoggedIn;
  let editor: LoggedIn;
  /** The owner's key without `images:read`: it sees public images and the owner's own. */
  let uploaderKey: string;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await login(t);
    const person = await createUser(t, 'editor', owner);
    editor = await login(t, person.username, person.password);
    const key = await t.http.post('/api/v1/api-keys').set('authorization', bearer(owner)).send({ name: 'uploader', scopes: ['images:write'] }).expect(201);
    uploaderKey = key.body.key;
  });
  afterAll(() => t.close());

  type Caller = 'visitor' | 'owner' | 'uploader';
  const as = (caller: Caller): [string, string] | undefined =>
    caller === 'owner' ? ['authorization', bearer(owner)] : caller === 'uploader' ? ['x-api-key', uploaderKey] : undefined;
  const get = (path: string, caller: Caller) => {
    const request = t.http.get(path);
    const credentials = as(caller);
    return credentials ? request.set(...credentials) : request;
  };
  const titles = async (caller: Caller, query = '') =>
    ((await get(`/api/v1/images?limit=100${query}`, caller).expect(200)).body.items as { title: string }[]).map((image) => image.title);
  const tagCount = async (caller: Caller, tag: string) =>
    ((await get('/api/v1/tags', caller).expect(200)).body as { name: string; count: number }[]).find((t) => t.name === tag)?.count ?? 0;
  /** Reads every answer a write could change, so that each is in the cache. */
  const warm = async (id?: string) => {
    for (const caller of ['visitor', 'owner', 'uploader'] as const) {
      await titles(caller);
      await titles(caller, '&tag=cached');
      await get('/api/v1/tags', caller);
      if (id) await get(`/api/v1/images/${id}`, caller);
    }
  };
  const upload = async (title: string, visibility: 'public' | 'private', auth: [string, string] = ['authorization', bearer(editor)]) => {
    const file = await makeImage('png', 40, 30);
    const { body } = await t.http
      .post('/api/v1/images')
      .set(...auth)
      .field('title', title)
      .field('tags', 'cached')
      .field('visibility', visibility)
      .attach('file', file, 'photo.png')
      .expect(201);
    return body.id as string;
  };
  const edit = (id: string, changes: object) => t.http.patch(`/api/v1/images/${id}`).set('authorization', bearer(editor)).send(changes).expect(200);

  it('shows a public upload at once to everyone: lists, filtered lists and tag counts', async () => {
    await warm();
    const before = await tagCount('visitor', 'cached');
    await upload('Public upload', 'public');
    for (const caller of ['visitor', 'owner', 'uploader'] as const) {
      expect(await titles(caller)).toContain('Public upload');
      expect(await titles(caller, '&tag=cached')).toContain('Public upload');
    }
    expect(await tagCount('visitor', 'cached')).toBe(before + 1);
  });

  it("shows a private upload at once to those who may see it, and leaves visitors' answers as they were", async () => {
    await warm();
    const visitorPage = await get('/api/v1/images?limit=100', 'visitor');
    const ownerTags = await tagCount('owner', 'cached');
    await upload('Private upload', 'private', ['x-api-key', uploaderKey]);
    expect(await titles('owner')).toContain('Private upload');
    expect(await titles('uploader')).toContain('Private upload');
    expect(await tagCount('owner', 'cached')).toBe(ownerTags + 1);
    const again = await get('/api/v1/images?limit=100', 'visitor').expect(200);
    expect(again.headers.etag).toBe(visitorPage.headers.etag);
    expect(again.body.items.map((image: { title: string }) => image.title)).not.toContain('Private upload');
  });

  it('shows a new title and new tags at once, in lists and details', async () => {
    const id = await upload('Old title', 'public');
    await warm(id);
    await edit(id, { title: 'New title', tags: ['renamed'] });
    for (const caller of ['visitor', 'owner', 'uploader'] as const) {
      expect(await titles(caller)).toContain('New title');
      expect(await titles(caller)).not.toContain('Old title');
      expect(await titles(caller, '&tag=cached')).not.toContain('New title');
      expect((await get(`/api/v1/images/${id}`, caller).expect(200)).body).toMatchObject({ title: 'New title', tags: ['renamed'] });
    }
    expect(await tagCount('visitor', 'renamed')).toBe(1);
  });

  it('hides an image made private at once from visitors, and shows one made public at once', async () => {
    const id = await upload('Turning private', 'public');
    await warm(id);
    await edit(id, { visibility: 'private' });
    expect(await titles('visitor')).not.toContain('Turning private');
    await get(`/api/v1/images/${id}`, 'visitor').expect(404);
    await get(`/api/v1/images/${id}/thumbnail`, 'visitor').expect(404);
    expect(await titles('owner')).toContain('Turning private');

    await warm(id);
    await edit(id, { visibility: 'public' });
    expect(await titles('visitor')).toContain('Turning private');
    expect((await get(`/api/v1/images/${id}`, 'visitor').expect(200)).body.visibility).toBe('public');
  });

  it('shows where a photo was taken at once when its owner shows it, and hides it at once again', async () => {
    const file = await makePhoto(CAMERA_EXIF);
    const { body } = await t.http.post('/api/v1/images').set('authorization', bearer(editor)).field('visibility', 'public').attach('file', file, 'photo.jpg').expect(201);
    const locations = async (caller: Caller) => {
      const listed = (await get('/api/v1/images?limit=100', caller).expect(200)).body.items.find((image: { id: string }) => image.id === body.id);
      return [listed.exif.location, (await get(`/api/v1/images/${body.id}`, caller).expect(200)).body.exif.location];
    };
    await warm(body.id);
    await edit(body.id, { location_shown: true });
    for (const caller of ['visitor', 'owner', 'uploader'] as const) expect(await locations(caller)).toEqual([CAMERA_PLACE, CAMERA_PLACE]);

    await warm(body.id);
    await edit(body.id, { location_shown: false });
    for (const caller of ['visitor', 'owner', 'uploader'] as const) expect(await locations(caller)).toEqual([null, null]);
  });

  it('forgets a deleted image at once: lists, tag counts, details and files', async () => {
    const id = await upload('To delete', 'public');
    await warm(id);
    await get(`/api/v1/images/${id}/thumbnail`, 'visitor').expect(200);
    const before = await tagCount('owner', 'cached');
    await t.http.delete(`/api/v1/images/${id}`).set('authorization', bearer(editor)).expect(204);
    for (const caller of ['visitor', 'owner', 'uploader'] as const) {
      expect(await titles(caller)).not.toContain('To delete');
      await get(`/api/v1/images/${id}`, caller).expect(404);
    }
    await get(`/api/v1/images/${id}/thumbnail`, 'visitor').expect(404);
    expect(await tagCount('owner', 'cached')).toBe(before - 1);
  });

  it('leaves the gallery alone on writes that cannot change it: no user write touches an image', async () => {
    const id = await upload('Stays', 'public');
    await warm(id);
    const page = await get('/api/v1/images?limit=100', 'visitor');
    // A user with images cannot be deleted, and usernames never change; deactivation hides nothing.
    await t.http.delete(`/api/v1/users/${editor.userId}`).set('authorization', bearer(owner)).expect(409);
    await t.http.post('/api/v1/api-keys').set('authorization', bearer(owner)).send({ name: 'unrelated', scopes: ['images:read'] }).expect(201);
    expect((await get('/api/v1/images?limit=100', 'visitor').expect(200)).headers.etag).toBe(page.headers.etag);
  });

  describe('validators and caching headers', () => {
    let id: string;
    beforeAll(async () => {
      id = await upload('Validated', 'public');
    });

    it.each(['/api/v1/images?limit=5', '/api/v1/tags', 'details'])('answers %s with a strong ETag, and 304 without a body for it', async (which) => {
      const path = which === 'details' ? `/api/v1/images/${id}` : which;
      const first = await get(path, 'visitor').expect(200);
      expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      expect((await get(path, 'visitor').expect(200)).headers.etag).toBe(first.headers.etag);
      for (const ifNoneMatch of [first.headers.etag, `W/${first.headers.etag}`, `"other", ${first.headers.etag}`, '*']) {
        const again = await get(path, 'visitor').set('if-none-match', ifNoneMatch).expect(304);
        expect(again.text ?? '').toBe('');
        expect(again.headers.etag).toBe(first.headers.etag);
      }
      await get(path, 'visitor').set('if-none-match', '"something else"').expect(200);
    });

    it('lets browsers and proxies keep a visitor’s answer briefly, and never an answer to credentials', async () => {
      const visitor = await get('/api/v1/images', 'visitor').expect(200);
      expect(visitor.headers['cache-control']).toBe('public, max-age=10');
      expect(visitor.headers['vary']).toBe('Authorization, X-API-Key, X-Share-Token');
      expect(visitor.headers['content-type']).toBe('application/json; charset=utf-8');
      for (const caller of ['owner', 'uploader'] as const) {
        expect((await get('/api/v1/images', caller).expect(200)).headers['cache-control']).toBe('private, no-cache');
        expect((await get(`/api/v1/images/${id}`, caller).expect(200)).headers['cache-control']).toBe('private, no-cache');
      }
    });

    it('changes the ETag when the answer changes', async () => {
      const first = await get(`/api/v1/images/${id}`, 'visitor').expect(200);
      await edit(id, { title: 'Validated again' });
      const changed = await get(`/api/v1/images/${id}`, 'visitor').set('if-none-match', first.headers.etag).expect(200);
      expect(changed.headers.etag).not.toBe(first.headers.etag);
      expect(changed.body.title).toBe('Validated again');
    });

    it('still refuses a malformed query or cursor with 400, cached or not', async () => {
      for (let i = 0; i < 2; i++) {
        const bad = await get('/api/v1/images?cursor=bm90LWEtY3Vyc29y', 'visitor').expect(400);
        expect(bad.headers['content-type']).toContain('application/problem+json');
        expect(bad.body.code).toBe('validation_failed');
        await get('/api/v1/images?limit=0', 'visitor').expect(400);
      }
    });
  });
});
