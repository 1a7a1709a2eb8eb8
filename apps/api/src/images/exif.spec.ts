import { ExifSchema } from '@lightbox/auth-contracts';
import fc from 'fast-check';
import sharp from 'sharp';
import { CAMERA_EXIF, CAMERA_PLACE, CAMERA_RECORDED, exifBlock, makePhoto } from '../../test/support/images';
import type { RecordedExif } from '../database/schema';
import { MAX_EXIF_TEXT_LENGTH, readExif, recordedExif } from './exif';

/** The EXIF block of an image, as sharp hands it to probeImage. */
const blockOf = async (image: Buffer) => (await sharp(image).metadata()).exif;

const NOTHING: RecordedExif = {
  camera: null,
  lens: null,
  exposure_seconds: null,
  f_number: null,
  iso: null,
  focal_length_mm: null,
  taken_at: null,
  location: null,
};

describe('readExif', () => {
  it.each(['jpeg', 'png', 'webp', 'avif'] as const)('reads the camera, lens, exposure, time and place from a %s', async (format) => {
    expect(await readExif(await blockOf(await makePhoto(CAMERA_EXIF, format)))).toEqual({ ...CAMERA_RECORDED, location: CAMERA_PLACE });
  });

  it('is null for a file without EXIF, and for EXIF with none of the tags it shows', async () => {
    expect(await readExif(undefined)).toBeNull();
    expect(await readExif(await blockOf(await makePhoto({})))).toBeNull();
    expect(await readExif(await blockOf(await makePhoto({ IFD0: { Copyright: 'someone' } })))).toBeNull();
  });

  it('keeps what can be read of values no camera writes, and drops the rest', async () => {
    const hostile = {
      IFD0: { Make: '  Canon\u0001 ', Model: 'x'.repeat(300) },
      IFD2: { ExposureTime: '1/0', FNumber: '0/1', ISOSpeedRatings: '0', DateTimeOriginal: '2024:13:45 99:99:99', OffsetTimeOriginal: 'soon' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '200/1 0/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '2/0 21/1 0/1' },
    };
    expect(await readExif(await blockOf(await makePhoto(hostile)))).toEqual({ ...NOTHING, camera: `Canon ${'x'.repeat(MAX_EXIF_TEXT_LENGTH - 'Canon '.length)}` });
  });

  it.each([
    ['bytes that are no TIFF', Buffer.from('Exif\0\0this is not a TIFF header at all', 'latin1')],
    ['only the EXIF header', Buffer.from('Exif\0\0', 'latin1')],
    ['an IFD0 far past the end', exifBlock(0x7fff_fff0)],
    ['an IFD0 that claims 65535 entries and has none', exifBlock(8, Buffer.from([0xff, 0xff]))],
    ['an EXIF pointer to IFD0 itself', exifBlock(8, ifd([0x8769, 4, 1, 8]))],
    ['a Make 2 GB long, stored nowhere', exifBlock(8, ifd([0x010f, 2, 0x7fff_ffff, 0x100]))],
    // IFD0 (8–25) points to the GPS IFD (26–55), whose latitude and longitude are one rational each (56, 64), not three.
    ['a GPS latitude of one value', exifBlock(8, Buffer.concat([ifd([0x8825, 4, 1, 26]), ifd([0x0002, 5, 1, 56], [0x0004, 5, 1, 64]), rationals([48, 1], [2, 1])]))],
  ])('answers null, and throws nothing, for %s', async (_name, block) => {
    await expect(readExif(block)).resolves.toBeNull();
  });

  it('never throws, and gives only what the contract allows, whatever follows a TIFF header', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) => {
        const recorded = await readExif(exifBlock(8, Buffer.from(bytes)));
        if (recorded) ExifSchema.parse({ ...recorded, has_location: recorded.location !== null });
      }),
      { numRuns: 300 },
    );
  });
});

describe('recordedExif', () => {
  it.each([
    [{ Make: 'Canon', Model: 'Canon EOS R5' }, 'Canon EOS R5'],
    [{ Make: 'FUJIFILM', Model: 'X-T4' }, 'FUJIFILM X-T4'],
    [{ Make: 'NIKON CORPORATION', Model: 'NIKON D750' }, 'NIKON D750'],
    [{ Make: 'Apple', Model: 'iPhone 15 Pro' }, 'Apple iPhone 15 Pro'],
    [{ Model: 'iPhone 15 Pro' }, 'iPhone 15 Pro'],
    [{ Make: 'Apple' }, 'Apple'],
    [{ Make: 'Ca\0non', Model: 'EOS R5\0\0\0' }, 'Ca EOS R5'],
    [{ Make: '\u0007\u0000', Model: 42 }, null],
  ])('names the camera of %j: %j', (tags, camera) => {
    expect(recordedExif(tags)?.camera ?? null).toBe(camera);
  });

  it('turns control and formatting characters into single spaces', () => {
    expect(recordedExif({ Make: 'Canon\u202e', Model: '\tEOS\r\n\u200bR5 ' })?.camera).toBe('Canon EOS R5');
  });

  it.each([
    [{ Make: 'FUJIFILM', LensMake: 'FUJIFILM', LensModel: 'XF16-80mmF4 R OIS WR' }, 'XF16-80mmF4 R OIS WR'],
    [{ Make: 'SONY', LensMake: 'SIGMA', LensModel: '24-70mm F2.8 DG DN | Art' }, 'SIGMA 24-70mm F2.8 DG DN | Art'],
    [{ LensMake: 'Canon' }, null],
  ])('names the lens of %j', (tags, lens) => {
    expect(recordedExif(tags)?.lens ?? null).toBe(lens);
  });

  it.each([
    ['2024:07:14 18:03:12', undefined, '2024-07-14T18:03:12'],
    ['2024:07:14 18:03:12', '+02:00', '2024-07-14T18:03:12+02:00'],
    ['2024:07:14 18:03:12', '-0530', '2024-07-14T18:03:12-05:30'],
    ['2024:07:14 18:03:12', 'soon', '2024-07-14T18:03:12'],
    ['2024:07:14 18:03:12', '+25:00', '2024-07-14T18:03:12'],
    ['2024-02-29 23:59:59', undefined, '2024-02-29T23:59:59'],
    ['2023:02:29 12:00:00', undefined, null],
    ['0000:00:00 00:00:00', undefined, null],
    ['    :  :     :  :  ', undefined, null],
    ['2024:07:14', undefined, null],
    [1_720_980_192, undefined, null],
  ])('turns the date %j with offset %j into %j', (date, offset, takenAt) => {
    expect(recordedExif({ DateTimeOriginal: date, OffsetTimeOriginal: offset, Make: 'x' })?.taken_at).toBe(takenAt);
  });

  it.each([
    [0.004, 0.004],
    [[0.5, 2], 0.5],
    [0, null],
    [-1, null],
    [Infinity, null],
    [NaN, null],
    ['1/250', null],
  ])('keeps the exposure %p as %p', (value, seconds) => {
    expect(recordedExif({ ExposureTime: value, Make: 'x' })?.exposure_seconds).toBe(seconds);
  });

  it('keeps an ISO only as a whole number', () => {
    expect(recordedExif({ ISO: [800, 0] })?.iso).toBe(800);
    expect(recordedExif({ ISO: 2.5, Make: 'x' })?.iso).toBeNull();
  });

  it.each([
    [-33.8568, 151.2153, { latitude: -33.8568, longitude: 151.2153 }],
    [90, -180, { latitude: 90, longitude: -180 }],
    [90.1, 0, null],
    [0, 180.5, null],
    [NaN, 0, null],
    [1, undefined, null],
  ])('keeps the place %p, %p as %j', (latitude, longitude, location) => {
    expect(recordedExif({ latitude, longitude, Make: 'x' })?.location).toEqual(location);
  });

  it('cuts text at 100 characters, and is null when nothing is left', () => {
    expect(recordedExif({ Model: 'é'.repeat(150) })?.camera).toBe('é'.repeat(MAX_EXIF_TEXT_LENGTH));
    expect(recordedExif({ Model: '   ', FNumber: 0, latitude: 200, longitude: 0 })).toBeNull();
  });
});

/** An IFD of 12-byte entries [tag, type, count, value or offset], and no next IFD. */
function ifd(...entries: [number, number, number, number][]): Buffer {
  const block = Buffer.alloc(2 + entries.length * 12 + 4);
  block.writeUInt16LE(entries.length, 0);
  entries.forEach(([tag, type, count, value], index) => {
    const at = 2 + index * 12;
    block.writeUInt16LE(tag, at);
    block.writeUInt16LE(type, at + 2);
    block.writeUInt32LE(count, at + 4);
    block.writeUInt32LE(value, at + 8);
  });
  return block;
}

function rationals(...values: [number, number][]): Buffer {
  const block = Buffer.alloc(values.length * 8);
  values.forEach(([numerator, denominator], index) => {
    block.writeUInt32LE(numerator, index * 8);
    block.writeUInt32LE(denominator, index * 8 + 4);
  });
  return block;
}
