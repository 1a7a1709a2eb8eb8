import { DestroyRef, Directive, effect, inject, input, signal } from '@angular/core';
import type { Image } from '@lightbox/auth-contracts';
import type { Subscription } from 'rxjs';
import { imageBytesUrl, ImagesApi, type ImageBytesVariant } from './images-api';

/**
 * `<img [lbxImageSource]="image">`: a public image loads straight from its URL (and the browser
 * caches it); a private one is fetched with the user's token and shown from an object URL.
 */
@Directive({
  selector: 'img[lbxImageSource]',
  host: { '[src]': 'source()' },
})
export class ImageSource {
  readonly image = input.required<Image>({ alias: 'lbxImageSource' });
  readonly variant = input<ImageBytesVariant>('thumbnail');

  protected readonly source = signal<string | null>(null);
  private readonly api = inject(ImagesApi);
  private objectUrl: string | null = null;
  private loading: Subscription | null = null;

  constructor() {
    effect(() => this.show(this.image(), this.variant()));
    inject(DestroyRef).onDestroy(() => this.release());
  }

  private show(image: Image, variant: ImageBytesVariant): void {
    this.release();
    if (image.visibility === 'public') {
      this.source.set(imageBytesUrl(image.id, variant));
      return;
    }
    this.source.set(null);
    this.loading = this.api.bytes(image.id, variant).subscribe({
      next: (blob) => {
        this.objectUrl = URL.createObjectURL(blob);
        this.source.set(this.objectUrl);
      },
      error: () => this.source.set(null),
    });
  }

  private release(): void {
    this.loading?.unsubscribe();
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = null;
  }
}
