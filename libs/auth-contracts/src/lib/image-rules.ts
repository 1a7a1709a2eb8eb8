/** What an upload may be, decided from the file's first bytes; the served Content-Type. */
export const IMAGE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif'] as const;
export type ImageContentType = (typeof IMAGE_CONTENT_TYPES)[number];

export const VISIBILITIES = ['public', 'private'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Uploads are private unless the uploader says otherwise: nothing is published by accident. */
export const DEFAULT_VISIBILITY: Visibility = 'private';

export const MAX_TITLE_LENGTH = 200;
export const MAX_TAGS_PER_IMAGE = 20;

/**
 * The longest side of each rendition the API makes at upload (never larger than the original):
 * a thumbnail for grids, a preview to view an image large (what a share link without downloads
 * serves at most).
 */
export const RENDITION_SIZES = { thumbnail: 480, preview: 1600 } as const;
export type Rendition = keyof typeof RENDITION_SIZES;

/** How many pixels wide an image's rendition is: what a `srcset` says of it. */
export function renditionWidth(image: { readonly width: number; readonly height: number }, rendition: Rendition): number {
  const scale = Math.min(1, RENDITION_SIZES[rendition] / Math.max(image.width, image.height));
  return Math.max(1, Math.round(image.width * scale));
}
