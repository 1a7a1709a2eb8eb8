import { ROLE_SCOPES, type Role, type Scope, type Visibility } from '@lightbox/auth-contracts';
import { randomUUID } from 'node:crypto';
import type { Caller, ShareLinkPrincipal, UserPrincipal } from '../../src/access/principal';
import { AlbumsModule } from '../../src/albums/albums.module';
import { AlbumsService } from '../../src/albums/albums.service';
import type { SerializedJson } from '../../src/http/conditional-get';
import { ImagesRepository } from '../../src/images/images.repository';
import { startServices, storePerson, TestServices } from '../support/test-services';

const CONTEXT = { ip: null, userAgent: 'jest' };

/** The album rules on the real services and database, without HTTP: who sees what, who changes what, and the order. */
describe('albums (service)', () => {
  let s: TestServices;
  let albums: AlbumsService;
  beforeAll(async () => {
    s = await startServices([AlbumsModule]);
    albums = s.get(AlbumsService);
  });
  beforeEach(() => s.reset());
  afterAll(() => s.close());

  const person = (role: Role, scopes: readonly Scope[] = ROLE_SCOPES[role]) => storePerson(s, role, { scopes });

  let uploaded = 0;
  /** An image row (no files: albums read rows only), uploaded a second after the previous one. */
  async function image(owner: UserPrincipal, visibility: Visibility, title = `image ${uploaded}`): Promise<string> {
    const id = randomUUID();
    await s.get(ImagesRepository).insert({
      id,
      ownerId: owner.userId,
      title,
      visibility,
      contentType: 'image/png',
      width: 10,
      height: 10,
      sizeBytes: 100,
      sha256: '0'.repeat(64),
      createdAt: new Date(Date.UTC(2026, 0, 1) + ++uploaded * 1000),
    });
    return id;
  }

  const json = async <T>(answer: SerializedJson | Promise<SerializedJson>): Promise<T> => JSON.parse((await answer).body) as T;
  const albumOf = (caller: Caller | undefined, id: string) => json<{ image_count: number; cover_image_id: string | null }>(albums.get(caller, id));
  const idsIn = async (caller: Caller | undefined, id: string, cursor?: string, limit = 24) =>
    json<{ items: { id: string }[]; next_cursor: string | null }>(albums.images(caller, id, { limit, cursor }));
  const titlesListed = async (caller: UserPrincipal | undefined) => (await json<{ items: { title: string }[] }>(albums.page(caller, { limit: 24 }))).items.map((album) => album.title);

  it('shows visitors public albums with only their public images; images:read sees all; others public ones and their own', async () => {
    const alice = await person('editor');
    const bob = await person('editor', ['images:write']);
    const open = await albums.create(alice, { title: 'Open', visibility: 'public' }, CONTEXT);
    const closed = await albums.create(alice, { title: 'Closed' }, CONTEXT);
    const bobs = await albums.create(bob, { title: 'Bob’s' }, CONTEXT);
    const shown = await image(alice, 'public');
    const hidden = await image(alice, 'private');
    await albums.add(alice, open.id, [hidden, shown]);

    expect(await titlesListed(undefined)).toEqual(['Open']);
    expect(await titlesListed(alice)).toEqual(['Bob’s', 'Closed', 'Open']);
    // Without images:read: public albums and one's own.
    expect(await titlesListed(bob)).toEqual(['Bob’s', 'Open']);

    expect((await idsIn(undefined, open.id)).items.map((item) => item.id)).toEqual([shown]);
    expect(await albumOf(undefined, open.id)).toMatchObject({ image_count: 1, cover_image_id: shown });
    expect((await idsIn(alice, open.id)).items.map((item) => item.id)).toEqual([hidden, shown]);
    expect(await albumOf(alice, open.id)).toMatchObject({ image_count: 2, cover_image_id: hidden });
    await expect(albumOf(undefined, closed.id)).rejects.toMatchObject({ status: 404 });
    await expect(albumOf(bob, closed.id)).rejects.toMatchObject({ status: 404 });
    expect(await albumOf(bob, bobs.id)).toMatchObject({ image_count: 0, cover_image_id: null });
  });

  it('lets editors change their own albums only, and those who manage users anyone’s', async () => {
    const alice = await person('editor');
    const carol = await person('editor');
    const admin = await person('admin');
    const album = await albums.create(alice, { title: 'Alice’s' }, CONTEXT);
    await expect(albums.update(carol, album.id, { title: 'Mine now' })).rejects.toMatchObject({ status: 403, code: 'not_owner' });
    await expect(albums.add(carol, album.id, [await image(carol, 'public')])).rejects.toMatchObject({ status: 403, code: 'not_owner' });
    await expect(albums.delete(carol, album.id, CONTEXT)).rejects.toMatchObject({ status: 403, code: 'not_owner' });
    expect(await albums.update(admin, album.id, { title: 'Renamed by an admin' })).toMatchObject({ title: 'Renamed by an admin', owner: { id: alice.userId } });
  });

  it('adds and removes idempotently, never adds an image the caller may not see, and deleting either side spares the other', async () => {
    const alice = await person('editor');
    const bob = await person('editor', ['images:write']);
    const album = await albums.create(bob, { title: 'Bob’s' }, CONTEXT);
    const [first, second] = [await image(bob, 'private'), await image(bob, 'public')];
    const alicesPrivate = await image(alice, 'private');

    await albums.add(bob, album.id, [first, second]);
    expect(await albums.add(bob, album.id, [second, first])).toMatchObject({ image_count: 2 });
    expect((await idsIn(bob, album.id)).items.map((item) => item.id)).toEqual([first, second]);
    await expect(albums.add(bob, album.id, [alicesPrivate])).rejects.toMatchObject({ status: 404 });
    await expect(albums.add(bob, album.id, [randomUUID()])).rejects.toMatchObject({ status: 404 });

    expect(await albums.remove(bob, album.id, [first, randomUUID()])).toMatchObject({ image_count: 1 });
    expect(await albums.remove(bob, album.id, [first])).toMatchObject({ image_count: 1 });
    expect(await s.get(ImagesRepository).findById(first)).toBeDefined();

    await s.get(ImagesRepository).delete(second);
    expect(await albumOf(bob, album.id)).toMatchObject({ image_count: 0, cover_image_id: null });
    await albums.add(bob, album.id, [first]);
    await albums.delete(bob, album.id, CONTEXT);
    expect(await s.get(ImagesRepository).findById(first)).toBeDefined();
    await expect(albumOf(bob, album.id)).rejects.toMatchObject({ status: 404 });
  });

  it('keeps a manual order, pages through it with cursors, and sorts by date when asked', async () => {
    const alice = await person('editor');
    const album = await albums.create(alice, { title: 'Ordered', visibility: 'public' }, CONTEXT);
    const ids = [await image(alice, 'public'), await image(alice, 'public'), await image(alice, 'public'), await image(alice, 'public'), await image(alice, 'public')];
    await albums.add(alice, album.id, ids);
    await albums.reorder(alice, album.id, [ids[3], ids[1]]);
    const manual = [ids[3], ids[1], ids[0], ids[2], ids[4]];

    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await idsIn(undefined, album.id, cursor, 2);
      pages.push(...page.items.map((item) => item.id));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual(manual);

    const manualCursor = (await idsIn(undefined, album.id, undefined, 2)).next_cursor as string;
    await albums.update(alice, album.id, { sort: 'newest' });
    expect((await idsIn(undefined, album.id)).items.map((item) => item.id)).toEqual([...ids].reverse());
    await expect(idsIn(undefined, album.id, manualCursor)).rejects.toMatchObject({ status: 400, errors: [{ path: 'cursor' }] });
    await albums.update(alice, album.id, { sort: 'oldest' });
    expect((await idsIn(undefined, album.id, undefined, 3)).items.map((item) => item.id)).toEqual(ids.slice(0, 3));

    await expect(albums.reorder(alice, album.id, [randomUUID()])).rejects.toMatchObject({ status: 400, errors: [{ path: 'image_ids' }] });
  });

  it('shows the chosen cover to whoever may see it, and the first image they may see to the others', async () => {
    const alice = await person('editor');
    const album = await albums.create(alice, { title: 'Covered', visibility: 'public' }, CONTEXT);
    const [visible, secret] = [await image(alice, 'public'), await image(alice, 'private')];
    await albums.add(alice, album.id, [visible, secret]);
    await albums.update(alice, album.id, { cover_image_id: secret });
    expect(await albumOf(alice, album.id)).toMatchObject({ cover_image_id: secret });
    expect(await albumOf(undefined, album.id)).toMatchObject({ cover_image_id: visible });
    await expect(albums.update(alice, album.id, { cover_image_id: await image(alice, 'public') })).rejects.toMatchObject({ status: 400, errors: [{ path: 'cover_image_id' }] });
  });

  it('shows a share link its own album only: the public images and its owner’s, never another person’s private ones', async () => {
    const alice = await person('editor');
    const bob = await person('editor');
    const album = await albums.create(alice, { title: 'Family' }, CONTEXT);
    const other = await albums.create(alice, { title: 'Other', visibility: 'public' }, CONTEXT);
    const [hers, bobsPublic, bobsPrivate] = [await image(alice, 'private'), await image(bob, 'public'), await image(bob, 'private')];
    // Alice can see Bob's private image (images:read) and put it in her album; her link must not show it.
    await albums.add(alice, album.id, [hers, bobsPublic, bobsPrivate]);
    const share: ShareLinkPrincipal = { kind: 'share_link', linkId: randomUUID(), shared: { kind: 'album', albumId: album.id, albumOwnerId: alice.userId }, allowDownload: false, scopes: [] };

    expect((await idsIn(share, album.id)).items.map((item) => item.id)).toEqual([hers, bobsPublic]);
    expect(await albumOf(share, album.id)).toMatchObject({ image_count: 2 });
    await expect(albumOf(share, other.id)).rejects.toMatchObject({ status: 404 });
    await expect(idsIn(share, other.id)).rejects.toMatchObject({ status: 404 });
    const imageLink: ShareLinkPrincipal = { ...share, shared: { kind: 'image', imageId: hers } };
    await expect(albumOf(imageLink, album.id)).rejects.toMatchObject({ status: 404 });
  });

  it('answers from the cache, and a write is seen on the very next read', async () => {
    const alice = await person('editor');
    const album = await albums.create(alice, { title: 'Cached', visibility: 'public' }, CONTEXT);
    const first = await idsIn(undefined, album.id);
    expect(first.items).toEqual([]);
    await albums.add(alice, album.id, [await image(alice, 'public')]);
    expect((await idsIn(undefined, album.id)).items).toHaveLength(1);
    await albums.update(alice, album.id, { visibility: 'private' });
    await expect(albumOf(undefined, album.id)).rejects.toMatchObject({ status: 404 });
    expect(await titlesListed(undefined)).toEqual([]);
  });
});
