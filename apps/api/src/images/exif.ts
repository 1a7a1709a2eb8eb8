import { ExifSchema } from '@lightbox/auth-contracts';
import exifr from 'exifr';
import type { RecordedExif } from '../database/schema';

/** Longer text is cut: a camera's name fits many times over, a hostile file's novel does not. */
export const MAX_EXIF_TEXT_LENGTH = 100;

/**
 * Only the tags we show are read, and none is turned into a Date or a word: values come back as
 * the file has them (`2024:07:14 18:03:12`, numbers for rationals), and are checked here.
 */
const EXIFR_OPTIONS = {
  ifd0: { pick: ['Make', 'Model'] },
  exif: { pick: ['LensMake', 'LensModel', 'ExposureTime', 'FNumber', 'ISO', 'FocalLength', 'DateTimeOriginal', 'OffsetTimeOriginal'] },
  gps: { pick: ['GPSLatitudeRef', 'GPSLatitude', 'GPSLongitudeRef', 'GPSLongitude'] },
  ifd1: false,
  interop: false,
  makerNote: false,
  userComment: false,
  xmp: false,
  icc: false,
  iptc: false,
  jfif: false,
  ihdr: false,
  translateValues: false,
  reviveValues: false,
  mergeOutput: true,
};

const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');

/**
 * What the camera recorded, from the EXIF block sharp found in the file (JPEG's APP1, PNG's eXIf,
 * WebP's and AVIF's EXIF: one reader for every format we take). `null` when there is none or
 * nothing in it can be read. Never throws: a broken or hostile block is the uploader's problem,
 * not a reason to refuse the image.
 */
export async function readExif(block: Buffer | undefined): Promise<RecordedExif | null> {
  if (!block?.length) return null;
  try {
    const tiff = block.subarray(0, EXIF_HEADER.length).equals(EXIF_HEADER) ? block.subarray(EXIF_HEADER.length) : block;
    const tags: unknown = await exifr.parse(tiff, EXIFR_OPTIONS);
    return typeof tags === 'object' && tags !== null ? recordedExif(tags as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The tags exifr read, each checked on its own: one bad value loses that value, not the rest. */
export function recordedExif(tags: Record<string, unknown>): RecordedExif | null {
  const make = text(tags['Make']);
  const lensModel = text(tags['LensModel']);
  const lensMake = text(tags['LensMake']);
  const recorded: RecordedExif = {
    camera: joined(make, text(tags['Model'])),
    // A maker alone names no lens; the camera's own maker is not said twice.
    lens: lensModel && joined(lensMake && sameBrand(lensMake, make) ? null : lensMake, lensModel),
    exposure_seconds: positive(tags['ExposureTime']),
    f_number: positive(tags['FNumber']),
    iso: positiveInteger(tags['ISO']),
    focal_length_mm: positive(tags['FocalLength']),
    taken_at: takenAt(tags['DateTimeOriginal'], tags['OffsetTimeOriginal']),
    location: location(tags['latitude'], tags['longitude']),
  };
  return Object.values(recorded).some((value) => value !== null) ? recorded : null;
}

/** Text as a person would read it: up to the first NUL (EXIF text is NUL-terminated), no control characters, trimmed, capped. */
function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const cleaned = value
    .split('\0', 1)[0]
    .replace(/[\p{Cc}\p{Cf}\s]+/gu, ' ')
    .trim();
  return cleaned ? capped(cleaned) : null;
}

function capped(value: string): string {
  const characters = Array.from(value);
  return characters.length > MAX_EXIF_TEXT_LENGTH ? characters.slice(0, MAX_EXIF_TEXT_LENGTH).join('').trimEnd() : value;
}

/** "Canon" and "Canon EOS R5" make "Canon EOS R5"; "FUJIFILM" and "X-T4" make "FUJIFILM X-T4". */
function joined(make: string | null, model: string | null): string | null {
  if (!make || !model) return make ?? model;
  return sameBrand(make, model) ? model : capped(`${make} ${model}`);
}

/** Whether `other` starts with the first word of `make` ("NIKON CORPORATION" and "NIKON D750"). */
function sameBrand(make: string, other: string | null): boolean {
  const brand = make.split(' ', 1)[0].toLowerCase();
  const first = other?.split(' ', 1)[0].toLowerCase();
  return first === brand;
}

/** A rational comes as a number; a tag written with several values gives its first. */
function positive(value: unknown): number | null {
  const number = Array.isArray(value) ? value[0] : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : null;
}

function positiveInteger(value: unknown): number | null {
  const number = positive(value);
  return number !== null && Number.isSafeInteger(number) ? number : null;
}

const EXIF_DATE_TIME = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;
const EXIF_OFFSET = /^([+-]\d{2}):?(\d{2})$/;

/** `2024:07:14 18:03:12` and `+02:00` make `2024-07-14T18:03:12+02:00`; a date that is no date (`0000:00:00`, 30 February) is none. */
function takenAt(dateTime: unknown, offset: unknown): string | null {
  const date = typeof dateTime === 'string' ? EXIF_DATE_TIME.exec(dateTime.trim()) : null;
  if (!date) return null;
  const [, year, month, day, hour, minute, second] = date;
  const zone = typeof offset === 'string' ? EXIF_OFFSET.exec(offset.trim()) : null;
  const local = `${year}-${month}-${day}T${hour}:${minute}:${second}`;
  const schema = ExifSchema.shape.taken_at;
  const withOffset = zone && `${local}${zone[1]}:${zone[2]}`;
  if (withOffset && schema.safeParse(withOffset).success) return withOffset;
  return schema.safeParse(local).success ? local : null;
}

function location(latitude: unknown, longitude: unknown): RecordedExif['location'] {
  const inRange = (value: unknown, limit: number): value is number => typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit;
  return inRange(latitude, 90) && inRange(longitude, 180) ? { latitude, longitude } : null;
}
