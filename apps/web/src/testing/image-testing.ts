import type { Image } from '@lightbox/auth-contracts';
import { aUser } from './auth-testing';

/** A public image (its bytes load from a URL, with no request to answer), owned by `aUser()`. */
export function anImage(title: string, change: Partial<Image> = {}): Image {
  return {
    id: `image-${title}`,
    title,
    tags: [],
    visibility: 'public',
    content_type: 'image/jpeg',
    width: 640,
    height: 480,
    size_bytes: 50_000,
    exif: null,
    location_shown: false,
    owner: { id: aUser().id, username: aUser().username },
    created_at: '2026-11-01T10:00:00.000Z',
    updated_at: '2026-11-01T10:00:00.000Z',
    ...change,
  };
}
