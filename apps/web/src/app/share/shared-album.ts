import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked, viewChild } from '@angular/core';
import type { Image, SharedContent } from '@lightbox/auth-contracts';
import { Autofocus } from '../core/autofocus';
import { CursorPages } from '../core/cursor-pages';
import { LoadMore } from '../core/load-more';
import { photoRatio } from '../gallery/photo-grid';
import { ImageViewer } from './image-viewer';
import { ShareVisit } from './share-visit';
import { SharedImageSource } from './shared-image-source';

export type SharedAlbumDetails = Extract<SharedContent, { kind: 'album' }>['album'];

/** The album a link opens: its title, description and images, each opening large in the viewer. */
@Component({
  selector: 'lbx-shared-album',
  imports: [Autofocus, ImageViewer, LoadMore, SharedImageSource],
  template: `
    <h1 lbxAutofocus tabindex="-1">{{ album().title }}</h1>
    @if (album().description) {
      <p class="description">{{ album().description }}</p>
    }
    <ul class="photo-grid" aria-label="Images">
      @for (image of images.items(); track image.id; let index = $index) {
        <li [style.--ratio]="ratio(image)">
          <button type="button" (click)="viewer().open(index)" [attr.aria-label]="'View ' + (image.title || 'untitled image') + ' large'">
            <img [lbxSharedImage]="image.id" [alt]="image.title || 'Untitled image'" [width]="image.width" [height]="image.height" />
          </button>
        </li>
      }
    </ul>
    @if (!images.loading() && images.items().length === 0 && !images.error()) {
      <p class="muted" role="status">This album has no images to show.</p>
    }
    <lbx-load-more [pages]="images" scrolling />
    <lbx-image-viewer [images]="images.items()" [allowDownload]="allowDownload()" />
  `,
  styleUrl: './shared-album.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SharedAlbum {
  private readonly visit = inject(ShareVisit);

  readonly album = input.required<SharedAlbumDetails>();
  readonly allowDownload = input.required<boolean>();

  /** The id alone: a share token exchanged again brings the same album in a new object, which starts nothing over. */
  private readonly albumId = computed(() => this.album().id);
  protected readonly images = new CursorPages<Image>((cursor) => this.visit.albumImages(this.albumId(), cursor));
  protected readonly viewer = viewChild.required(ImageViewer);
  protected readonly ratio = photoRatio;

  constructor() {
    effect(() => {
      this.albumId();
      untracked(() => this.images.restart());
    });
  }
}
