import type { Image } from '@lightbox/auth-contracts';

/*
 * The justified photo grid (`ul.photo-grid` in styles.css): rows of one height, each photo as wide
 * as its shape makes it, the row stretched to the edge. Each tile says its shape in `--ratio`;
 * these numbers and the stylesheet's row heights go together.
 */

/** The row height, in rem: on a phone, then wider. */
const ROW_REM = { phone: 4, wide: 12 };
/** A row stretches each tile by at most this much before another photo fits in it. */
const STRETCH = 1.4;
/** Panoramas and slivers are cropped to these shapes, so that no tile fills a row or vanishes. */
const RATIO_RANGE = [0.5, 2.5] as const;

/** Width over height, within the range a tile may take. */
export function photoRatio(image: Pick<Image, 'width' | 'height'>): number {
  const ratio = image.width && image.height ? image.width / image.height : 1;
  return Math.min(RATIO_RANGE[1], Math.max(RATIO_RANGE[0], Math.round(ratio * 1000) / 1000));
}

/** The `sizes` of a tile's `<img>`: as wide as the widest its row can stretch it. */
export function photoSizes(image: Pick<Image, 'width' | 'height'>): string {
  const widest = (row: number) => `${Math.ceil(row * STRETCH * photoRatio(image))}rem`;
  return `(max-width: 40rem) ${widest(ROW_REM.phone)}, ${widest(ROW_REM.wide)}`;
}

/** Shapes for the tiles shown while the first page loads, as a camera roll might have them. */
export const PLACEHOLDER_RATIOS = [1.5, 0.75, 1, 1.5, 1.333, 0.667, 1.5, 1, 1.5, 0.75];
