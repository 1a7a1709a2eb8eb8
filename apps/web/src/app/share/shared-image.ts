import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import type { Image } from '@lightbox/auth-contracts';
import { Autofocus } from '../core/autofocus';
import { errorMessage } from '../core/error-message';
import { DownloadButton } from './download-button';
import { ShareVisit } from './share-visit';
import { SharedImageSource } from './shared-image-source';

/** The one image a link opens, large. */
@Component({
  selector: 'lbx-shared-image',
  imports: [Autofocus, DownloadButton, SharedImageSource],
  template: `
    @if (image(); as image) {
      <h1 lbxAutofocus tabindex="-1">{{ image.title || 'A shared image' }}</h1>
      <figure>
        <img [lbxSharedImage]="image.id" variant="preview" [alt]="image.title || 'The shared image'" [width]="image.width" [height]="image.height" />
      </figure>
      @if (allowDownload()) {
        <lbx-download-button [image]="image" />
      }
    } @else if (loadError(); as message) {
      <h1>A shared image</h1>
      <p class="error" role="alert">{{ message }}</p>
    } @else {
      <span class="spinner" role="status" aria-label="Loading"></span>
    }
  `,
  styles: `
    figure {
      margin: 0 0 1rem;
    }
    img {
      display: block;
      max-width: 100%;
      height: auto;
      max-height: 80vh;
      object-fit: contain;
      background: var(--surface);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SharedImage {
  private readonly visit = inject(ShareVisit);

  readonly imageId = input.required<string>();
  readonly allowDownload = input.required<boolean>();

  protected readonly image = signal<Image | null>(null);
  protected readonly loadError = signal<string | null>(null);

  constructor() {
    effect((onCleanup) => {
      const request = this.visit.image(this.imageId()).subscribe({
        next: (image) => this.image.set(image),
        error: (error: unknown) => this.loadError.set(errorMessage(error)),
      });
      onCleanup(() => request.unsubscribe());
    });
  }
}
