import { ErrorCode, type ImageContentType, RENDITION_SIZES } from '@lightbox/auth-contracts';
import { open } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import type { RecordedExif } from '../database/schema';
import { AppError } from '../http/app-error';
import { readExif } from './exif';

/** Larger images are refused before they are decoded: a small file can claim billions of pixels. */
export const MAX_IMAGE_PIXELS = 100_000_000;

const SNIFF_BYTES = 64;

// One image at a time is decoded per request anyway; libvips' own cache would only pin memory and files.
sharp.cache(false);

export interface ImageFacts {
  contentType: ImageContentType;
  width: number;
  height: number;
  exif: RecordedExif | null;
}

/**
 * What a file really is, from its first bytes: never from its name or the type the client declared.
 * AVIF is an ISO-BMFF `ftyp` box whose major or compatible brands include `avif` or `avis`.
 */
export function sniffContentType(head: Buffer): ImageContentType | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  const ascii = head.toString('latin1');
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) return 'image/gif';
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'image/webp';
  if (ascii.slice(4, 8) === 'ftyp') {
    const boxSize = Math.min(head.readUInt32BE(0), head.length);
    for (let offset = 8; offset + 4 <= boxSize; offset += 4) {
      const brand = ascii.slice(offset, offset + 4);
      if (brand === 'avif' || brand === 'avis') return 'image/avif';
    }
  }
  return undefined;
}

/**
 * Checks that the staged file is an image we accept, measures it and reads what its camera
 * recorded; writes its renditions (WebP, no metadata, EXIF orientation applied) to `thumbnailPath`
 * and `previewPath`. Refuses with 415 or 413, never 500; unreadable EXIF refuses nothing.
 */
export async function probeImage(path: string, thumbnailPath: string, previewPath: string): Promise<ImageFacts> {
  const contentType = sniffContentType(await readHead(path));
  if (!contentType) throw unsupported('The file is not a JPEG, PNG, WebP, GIF or AVIF image.');

  // Reading the header decodes no pixels, so the size is measured before any limit can bite.
  const metadata = await sharp(path, { limitInputPixels: false }).metadata().catch(() => undefined);
  if (!metadata?.width || !metadata.height) throw unsupported('The file could not be read as an image.');
  const oriented = metadata.autoOrient;
  const frameHeight = metadata.pageHeight ?? metadata.height;
  const pixels = metadata.width * frameHeight * (metadata.pages ?? 1);
  if (pixels > MAX_IMAGE_PIXELS) {
    throw new AppError(
      ErrorCode.PayloadTooLarge,
      `The image has ${metadata.width} × ${frameHeight} pixels${(metadata.pages ?? 1) > 1 ? ` in ${metadata.pages} frames` : ''}; at most ${MAX_IMAGE_PIXELS / 1_000_000} million are accepted.`,
    );
  }

  try {
    // One decode for both renditions.
    const decoded = sharp(path, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' }).rotate();
    await Promise.all([rendition(decoded.clone(), RENDITION_SIZES.thumbnail, 80).toFile(thumbnailPath), rendition(decoded.clone(), RENDITION_SIZES.preview, 82).toFile(previewPath)]);
  } catch {
    throw unsupported('The image is damaged or incomplete.');
  }
  return { contentType, width: oriented.width, height: oriented.height, exif: await readExif(metadata.exif) };
}

/** The viewer's rendition of an image uploaded before there was one: from its original, checked at its upload. */
export async function renderPreview(original: string, target: string): Promise<void> {
  await rendition(sharp(original, { limitInputPixels: MAX_IMAGE_PIXELS }).rotate(), RENDITION_SIZES.preview, 82).toFile(target);
}

function rendition(image: Sharp, size: number, quality: number): Sharp {
  return image.resize(size, size, { fit: 'inside', withoutEnlargement: true }).webp({ quality });
}

async function readHead(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(SNIFF_BYTES), 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

function unsupported(detail: string): AppError {
  return new AppError(ErrorCode.UnsupportedMediaType, detail);
}
