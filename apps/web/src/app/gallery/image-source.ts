import { Directive, effect, inject, input } from '@angular/core';
import type { Image } from '@lightbox/auth-contracts';
import { ImageUrl } from '../core/image-url';
import { imageBytesUrl, ImagesApi, type ImageBytesVariant } from './images-api';

/**
 * An image to show: its id, and whether it is public when that is known. An album's cover is
 * known by its id alone, and is fetched as a private image would be.
 */
export type ShownImage = Pick<Image, 'id'> & Partial<Pick<Image, 'visibility'>>;

/**
 * `<img [lbxImageSource]="image">`: a public image loads straight from its URL (and the browser
 * caches it); any other is fetched with the user's token and shown from an object URL.
 */
@Directive({
  selector: 'img[lbxImageSource]',
  host: { '[src]': 'url.src()' },
})
export class ImageSource {
  readonly image = input.required<ShownImage>({ alias: 'lbxImageSource' });
  readonly variant = input<ImageBytesVariant>('thumbnail');

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
