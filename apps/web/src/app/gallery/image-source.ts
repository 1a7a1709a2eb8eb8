import { computed, Directive, effect, inject, input } from '@angular/core';
import { type Image, renditionWidth } from '@lightbox/auth-contracts';
import { ImageUrl } from '../core/image-url';
import { imageBytesUrl, ImagesApi, type ImageBytesVariant } from './images-api';

/**
 * An image to show: its id, and whether it is public when that is known. An album's cover is
 * known by its id alone, and is fetched as a private image would be.
 */
export type ShownImage = Pick<Image, 'id'> & Partial<Pick<Image, 'visibility' | 'width' | 'height'>>;

/**
 * `<img [lbxImageSource]="image">`: a public image loads straight from its URL (and the browser
 * caches it); any other is fetched with the user's token and shown from an object URL.
 *
 * With `sizes` (how wide the image is laid out), a public thumbnail offers its preview too, so a
 * large tile on a sharp screen is not blurred. A private one stays the thumbnail: each rendition
 * would be one more fetch with the token, and the browser could not choose between blobs.
 */
@Directive({
  selector: 'img[lbxImageSource]',
  host: { '[src]': 'url.src()', '[attr.srcset]': 'srcset()', '[attr.sizes]': 'srcset() ? sizes() : null' },
})
export class ImageSource {
  readonly image = input.required<ShownImage>({ alias: 'lbxImageSource' });
  readonly variant = input<ImageBytesVariant>('thumbnail');
  readonly sizes = input<string>();

  protected readonly srcset = computed(() => {
    const { id, visibility, width, height } = this.image();
    if (!this.sizes() || this.variant() !== 'thumbnail' || visibility !== 'public' || !width || !height) return null;
    const [small, large] = [renditionWidth({ width, height }, 'thumbnail'), renditionWidth({ width, height }, 'preview')];
    if (large <= small) return null;
    return `${imageBytesUrl(id, 'thumbnail')} ${small}w, ${imageBytesUrl(id, 'preview')} ${large}w`;
  });

  protected readonly url = new ImageUrl();
  private readonly api = inject(ImagesApi);

  constructor() {
    effect(() => {
      const { id, visibility } = this.image();
      const variant = this.variant();
      if (visibility === 'public') this.url.direct(imageBytesUrl(id, variant));
      else this.url.fetch(this.api.bytes(id, variant));
    });
  }
}
