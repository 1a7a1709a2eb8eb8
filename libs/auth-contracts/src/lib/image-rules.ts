/** What an upload may be, decided from the file's first bytes; the served Content-Type. */
export const IMAGE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif'] as const;
export type ImageContentType = (typeof IMAGE_CONTENT_TYPES)[number];

export const VISIBILITIES = ['public', 'private'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Uploads are private unless the uploader says otherwise: nothing is published by accident. */
export const DEFAULT_VISIBILITY: Visibility = 'private';

export const MAX_TITLE_LENGTH = 200;
export const MAX_TAGS_PER_IMAGE = 20;
