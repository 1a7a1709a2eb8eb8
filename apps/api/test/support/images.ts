import { crc32, deflateSync } from 'node:zlib';
import sharp, { type Exif } from 'sharp';

/** A real photo-like image: a gradient with noise, so it does not compress to nothing. */
export function makeImage(format: 'jpeg' | 'png' | 'webp', width: number, height: number, withExif = false): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 }, noise: { type: 'gaussian', mean: 128, sigma: 30 } } });
  const withMetadata = withExif ? image.withExif({ IFD0: { Copyright: 'secret-camera-owner' } }) : image;
  return withMetadata.toFormat(format).toBuffer();
}

/**
 * What a camera writes, as sharp takes it: IFD0 the camera, IFD2 (EXIF) the exposure and the lens,
 * IFD3 (GPS) where it was; rationals as `n/d`, degrees as `d/1 m/1 s/100`. 48° 51′ 24″ N, 2° 21′ E.
 */
export const CAMERA_EXIF = {
  IFD0: { Make: 'Canon', Model: 'Canon EOS R5' },
  IFD2: {
    LensMake: 'Canon',
    LensModel: 'RF24-105mm F4 L IS USM',
    ExposureTime: '1/250',
    FNumber: '56/10',
    ISOSpeedRatings: '400',
    FocalLength: '50/1',
    DateTimeOriginal: '2024:07:14 18:03:12',
    OffsetTimeOriginal: '+02:00',
  },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2400/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 0/1' },
} satisfies Exif;

/** What the API reads from CAMERA_EXIF, but for where (shown only by the owner's choice). */
export const CAMERA_RECORDED = {
  camera: 'Canon EOS R5',
  lens: 'RF24-105mm F4 L IS USM',
  exposure_seconds: 0.004,
  f_number: 5.6,
  iso: 400,
  focal_length_mm: 50,
  taken_at: '2024-07-14T18:03:12+02:00',
};
export const CAMERA_PLACE = { latitude: 48.85666666666667, longitude: 2.35 };

/** A small image in `format` whose file carries these EXIF tags. */
export function makePhoto(exif: Exif, format: 'jpeg' | 'png' | 'webp' | 'avif' = 'jpeg'): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#369' } }).withExif(exif).toFormat(format).toBuffer();
}

/** A JPEG whose one APP1 segment holds `payload` byte for byte: EXIF no camera would write. */
export async function makeJpegWithApp1(payload: Buffer): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#963' } }).jpeg().toBuffer();
  const marker = Buffer.from([0xff, 0xe1, 0, 0]);
  marker.writeUInt16BE(payload.length + 2, 2);
  // Straight after SOI (FF D8), where a camera puts it.
  return Buffer.concat([jpeg.subarray(0, 2), marker, payload, jpeg.subarray(2)]);
}

/** An EXIF block: its header, then a little-endian TIFF header whose IFD0 is at `ifd0Offset`, then `rest`. */
export function exifBlock(ifd0Offset: number, rest: Buffer = Buffer.alloc(0)): Buffer {
  const tiff = Buffer.from('II*\0\0\0\0\0', 'latin1');
  tiff.writeUInt32LE(ifd0Offset, 4);
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff, rest]);
}

/**
 * A valid PNG of `width` × `height` one-bit pixels, all black: a few kilobytes that would decode to
 * hundreds of megabytes. What a decompression bomb looks like.
 */
export function makePixelBomb(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(1, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
