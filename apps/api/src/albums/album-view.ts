import type { Album } from '@lightbox/auth-contracts';
import type { SeenAlbumRow } from './albums.repository';

export function toAlbum(row: SeenAlbumRow): Album {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    visibility: row.visibility,
    sort: row.sort,
    cover_image_id: row.seenCoverId,
    image_count: row.imageCount,
    owner: { id: row.ownerId, username: row.ownerUsername },
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
