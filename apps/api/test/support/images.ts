import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** A real photo-like image: a gradient with noise, so it does not compress to nothing. */
export function makeImage(format: 'jpeg' | 'png' | 'webp', width: number, height: number, withExif = false): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 }, noise: { type: 'gaussian', mean: 128, sigma: 30 } } });
  const withMetadata = withExif ? image.withExif({ IFD0: { Copyright: 'secret-camera-owner' } }) : image;
  return withMetadata.toFormat(format).toBuffer();
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
