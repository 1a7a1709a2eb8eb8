import type { Exif, Image } from '@lightbox/auth-contracts';
import { eq } from 'drizzle-orm';
import { images } from '../../src/database/schema';
import { bearer, createUser, login, LoggedIn } from '../support/auth';
import { CAMERA_EXIF, CAMERA_PLACE, CAMERA_RECORDED, exifBlock, makeImage, makeJpegWithApp1, makePhoto } from '../support/images';
import { startTestApp, TestApp } from '../support/test-app';

/** What the camera recorded (EXIF), read at upload; where it was taken, shown only by its owner's choice. */
describe('image EXIF', () => {
  let t: TestApp;
  let owner: LoggedIn;
  let ownersKey: string;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await login(t);
    const key = await t.http.post('/api/v1/api-keys').set('authorization', bearer(owner)).send({ name: 'script', scopes: ['images:write'] }).expect(201);
    ownersKey = key.body.key;
  });
  afterAll(() => t.close());

  const upload = (file: Buffer, visibility = 'public', auth: [string, string] = ['authorization', bearer(owner)]) =>
    t.http.post('/api/v1/images').set(...auth).field('visibility', visibility).attach('file', file, 'photo.jpg').expect(201);
  const patch = (id: string, body: object, auth?: [string, string]) => {
    const request = t.http.patch(`/api/v1/images/${id}`);
    return (auth ? request.set(...auth) : request).send(body);
  };

  it('shows the camera, lens, exposure and when it was taken, and keeps where in the row', async () => {
    const { body } = await upload(await makePhoto(CAMERA_EXIF));
    expect(body.exif).toEqual({ ...CAMERA_RECORDED, has_location: true, location: null });
    expect(body.location_shown).toBe(false);
    expect((await t.http.get(`/api/v1/images/${body.id}`).expect(200)).body.exif).toEqual(body.exif);
    const [row] = await t.database.db.select({ exif: images.exif }).from(images).where(eq(images.id, body.id));
    expect(row.exif?.location).toEqual(CAMERA_PLACE);
  });

  it('answers exif null for a file that records nothing we show', async () => {
    for (const file of [await makeImage('png', 20, 20), await makeImage('jpeg', 20, 20, true)]) {
      const { body } = await upload(file);
      expect(body).toMatchObject({ exif: null, location_shown: false });
    }
  });

  it.each([
    ['bytes that are no TIFF', () => makeJpegWithApp1(Buffer.from('Exif\0\0garbage, not a TIFF header', 'latin1'))],
    ['an IFD0 far past the end', () => makeJpegWithApp1(exifBlock(0x7fff_fff0))],
    ['an IFD0 claiming 65535 entries', () => makeJpegWithApp1(exifBlock(8, Buffer.from([0xff, 0xff])))],
  ])('takes a file whose EXIF is %s, with exif null', async (_name, make) => {
    const { body } = await upload(await make());
    expect(body.exif).toBeNull();
    await t.http.get(`/api/v1/images/${body.id}/thumbnail`).expect(200);
  });

  it('takes a file whose EXIF values no camera writes, keeping only what passes', async () => {
    const hostile = {
      IFD0: { Make: 'Canon\u0001', Model: 'x'.repeat(300) },
      IFD2: { ExposureTime: '1/0', FNumber: '0/1', ISOSpeedRatings: '0', DateTimeOriginal: '2024:13:45 99:99:99' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '200/1 0/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 0/1 0/1' },
    };
    const { body } = await upload(await makePhoto(hostile));
    expect(body.exif).toMatchObject({ exposure_seconds: null, f_number: null, iso: null, taken_at: null, has_location: false, location: null });
    expect(body.exif.camera).toHaveLength(100);
  });

  it('hides where it was taken until the owner shows it, then shows it to everyone who sees the image, until hidden again', async () => {
    const { body } = await upload(await makePhoto(CAMERA_EXIF));
    const album = (await t.http.post('/api/v1/albums').set('authorization', bearer(owner)).send({ title: 'Trip', visibility: 'public' }).expect(201)).body.id;
    await t.http.put(`/api/v1/albums/${album}/images`).set('authorization', bearer(owner)).send({ image_ids: [body.id] }).expect(200);
    const link = (await t.http.post(`/api/v1/images/${body.id}/share-links`).set('authorization', bearer(owner)).send({}).expect(201)).body.token;
    const shareToken = (await t.http.post('/api/v1/share-links/access').send({ token: link }).expect(200)).body.share_token;
    /** The image's EXIF in every answer that shows it, to a visitor, a share link and its owner. */
    const seen = async () => {
      const find = (items: Image[]) => items.find((image) => image.id === body.id)?.exif;
      const answers: (Exif | null | undefined)[] = [
        (await t.http.get(`/api/v1/images/${body.id}`).expect(200)).body.exif,
        find((await t.http.get('/api/v1/images?limit=100').expect(200)).body.items),
        find((await t.http.get(`/api/v1/albums/${album}/images`).expect(200)).body.items),
        (await t.http.get(`/api/v1/images/${body.id}`).set('x-share-token', shareToken).expect(200)).body.exif,
        (await t.http.get(`/api/v1/images/${body.id}`).set('authorization', bearer(owner)).expect(200)).body.exif,
      ];
      return answers.map((exif) => ({ has_location: exif?.has_location, location: exif?.location }));
    };
    expect(await seen()).toEqual(Array(5).fill({ has_location: true, location: null }));

    const shown = await patch(body.id, { location_shown: true }, ['authorization', bearer(owner)]).expect(200);
    expect(shown.body).toMatchObject({ location_shown: true, exif: { location: CAMERA_PLACE } });
    expect(await seen()).toEqual(Array(5).fill({ has_location: true, location: CAMERA_PLACE }));

    await patch(body.id, { location_shown: false }, ['authorization', bearer(owner)]).expect(200);
    expect(await seen()).toEqual(Array(5).fill({ has_location: true, location: null }));
  });

  it('lets only those who may change the image show where it was taken', async () => {
    const { body } = await upload(await makePhoto(CAMERA_EXIF));
    const visitor = await patch(body.id, { location_shown: true }).expect(401);
    expect(visitor.body.code).toBe('authentication_required');
    const editor = await createUser(t, 'editor', owner);
    const someoneElse = await patch(body.id, { location_shown: true }, ['authorization', bearer(await login(t, editor.username, editor.password))]).expect(403);
    expect(someoneElse.body.code).toBe('not_owner');
    const viewer = await createUser(t, 'viewer', owner);
    const reader = await patch(body.id, { location_shown: true }, ['authorization', bearer(await login(t, viewer.username, viewer.password))]).expect(403);
    expect(reader.body.code).toBe('insufficient_scope');
    expect((await t.http.get(`/api/v1/images/${body.id}`).expect(200)).body).toMatchObject({ location_shown: false, exif: { location: null } });

    const byKey = await patch(body.id, { location_shown: true }, ['x-api-key', ownersKey]).expect(200);
    expect(byKey.body.exif.location).toEqual(CAMERA_PLACE);
  });

  it.each([['yes'], [1], [null]])('refuses location_shown: %j with 400, changing nothing', async (value) => {
    const { body } = await upload(await makePhoto(CAMERA_EXIF), 'private');
    const res = await patch(body.id, { location_shown: value }, ['authorization', bearer(owner)]).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path: 'location_shown' })] });
    expect((await t.http.get(`/api/v1/images/${body.id}`).set('authorization', bearer(owner)).expect(200)).body.location_shown).toBe(false);
  });
});
