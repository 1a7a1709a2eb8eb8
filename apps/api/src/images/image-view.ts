import type { Exif, Image } from '@lightbox/auth-contracts';
import type { RecordedExif } from '../database/schema';
import type { OwnedImageRow } from './images.repository';

/** An image's row, with its owner's name, as the API shows it. */
export function toImage(row: OwnedImageRow): Image {
  return {
    id: row.id,
    title: row.title,
    tags: row.tags,
    visibility: row.visibility,
    content_type: row.contentType,
    width: row.width,
    height: row.height,
    size_bytes: row.sizeBytes,
    exif: row.exif && toExif(row.exif, row.locationShown),
    location_shown: row.locationShown,
    owner: { id: row.ownerId, username: row.ownerUsername },
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** Field by field, so that nothing else kept in the column can reach a client; where it was taken only when its owner shows it. */
function toExif(recorded: RecordedExif, locationShown: boolean): Exif {
  const { location } = recorded;
  return {
    camera: recorded.camera,
    lens: recorded.lens,
    exposure_seconds: recorded.exposure_seconds,
    f_number: recorded.f_number,
    iso: recorded.iso,
    focal_length_mm: recorded.focal_length_mm,
    taken_at: recorded.taken_at,
    has_location: location !== null,
    location: locationShown && location ? { latitude: location.latitude, longitude: location.longitude } : null,
  };
}
