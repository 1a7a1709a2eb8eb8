import type { Exif } from '@lightbox/auth-contracts';

/** One row of "what the camera recorded", as the details panel lists it. */
export interface ExifLine {
  label: string;
  value: string;
}

/** Camera, lens, exposure and the time taken, each only when recorded; nothing at all for none. */
export function exifLines(exif: Exif | null): ExifLine[] {
  if (!exif) return [];
  const exposure = [
    exif.exposure_seconds === null ? null : shutter(exif.exposure_seconds),
    exif.f_number === null ? null : `f/${round(exif.f_number, 1)}`,
    exif.iso === null ? null : `ISO ${exif.iso}`,
    exif.focal_length_mm === null ? null : `${round(exif.focal_length_mm, 1)} mm`,
  ].filter((part) => part !== null);
  const lines: (ExifLine | null)[] = [
    exif.camera ? { label: 'Camera', value: exif.camera } : null,
    exif.lens ? { label: 'Lens', value: exif.lens } : null,
    exposure.length ? { label: 'Exposure', value: exposure.join(' · ') } : null,
    exif.taken_at ? { label: 'Taken', value: takenAt(exif.taken_at) } : null,
  ];
  return lines.filter((line) => line !== null);
}

/** `48.8584° N, 2.2945° E`. */
export function placeName(location: NonNullable<Exif['location']>): string {
  const { latitude, longitude } = location;
  return `${Math.abs(latitude).toFixed(4)}° ${latitude < 0 ? 'S' : 'N'}, ${Math.abs(longitude).toFixed(4)}° ${longitude < 0 ? 'W' : 'E'}`;
}

/** The place on OpenStreetMap: opened only by a click, so no map service learns of it otherwise. */
export function mapLink(location: NonNullable<Exif['location']>): string {
  const { latitude, longitude } = location;
  return `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=15/${latitude}/${longitude}`;
}

/** `1/250 s` below a second, as cameras say it; `2 s`, `1.3 s` above. */
function shutter(seconds: number): string {
  return seconds < 1 ? `1/${Math.round(1 / seconds)} s` : `${round(seconds, 1)} s`;
}

function round(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

/**
 * The camera's own clock, as it read then, whatever the viewer's time zone: `14 Jul 2024, 18:03`.
 * The offset, when recorded, is not applied: a photo taken at six in the evening stays at six.
 */
function takenAt(local: string): string {
  const [date, time = '00:00'] = local.split('T');
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, day, hour, minute));
}
