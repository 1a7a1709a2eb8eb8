import type { Image } from '@lightbox/auth-contracts';
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
    owner: { id: row.ownerId, username: row.ownerUsername },
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
