import { Directive, effect, inject, input } from '@angular/core';
import { ImageUrl } from '../core/image-url';
import { type SharedBytes, ShareVisit } from './share-visit';

/** `<img [lbxSharedImage]="id">`: bytes a visitor may see, fetched with the share token an `<img src>` cannot send. */
@Directive({
  selector: 'img[lbxSharedImage]',
  host: { '[src]': 'url.src()' },
})
export class SharedImageSource {
  readonly imageId = input.required<string>({ alias: 'lbxSharedImage' });
  readonly variant = input<Exclude<SharedBytes, 'file'>>('thumbnail');

  protected readonly url = new ImageUrl();
  private readonly visit = inject(ShareVisit);

  constructor() {
    effect(() => this.url.fetch(this.visit.bytes(this.imageId(), this.variant())));
  }
}
