import { ChangeDetectionStrategy, Component, effect, inject, input, untracked } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import type { Image } from '@lightbox/auth-contracts';
import { catchError, of, switchMap } from 'rxjs';
import { AddToAlbumDialog } from '../albums/add-to-album-dialog';
import { AuthService } from '../core/auth/auth-service';
import { CursorPages } from '../core/cursor-pages';
import { LoadMore } from '../core/load-more';
import { Browsing } from './browsing';
import { ImageSource } from './image-source';
import { ImagesApi } from './images-api';

@Component({
  selector: 'lbx-gallery-page',
  imports: [AddToAlbumDialog, ImageSource, LoadMore, RouterLink],
  templateUrl: './gallery-page.html',
  styleUrl: './gallery-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class GalleryPage {
  protected readonly auth = inject(AuthService);
  private readonly api = inject(ImagesApi);
  private readonly router = inject(Router);
  private readonly browsing = inject(Browsing);

  /** From the query string, so a filtered gallery can be bookmarked and shared. */
  readonly tag = input<string>();
  readonly q = input<string>();

  protected readonly images = new CursorPages<Image>((cursor) => this.api.list({ tag: this.tag(), q: this.q() }, cursor));
  /** Private images have tags too: who is looking decides which there are. */
  protected readonly tags = toSignal(
    toObservable(this.auth.user).pipe(switchMap(() => this.api.tags().pipe(catchError(() => of([]))))),
    { initialValue: [] },
  );

  constructor() {
    effect(() => {
      this.tag();
      this.q();
      this.auth.user(); // who is looking decides which images there are
      untracked(() => this.images.restart());
    });
    // An image opened from here steps through the gallery as shown, and leads back to it.
    effect(() => {
      const ids = this.images.items().map((image) => image.id);
      untracked(() => this.browsing.remember({ url: this.router.url, label: 'Gallery', ids }));
    });
  }

  protected search(event: Event, q: string): void {
    event.preventDefault();
    void this.router.navigate([], { queryParams: { q: q.trim() || null }, queryParamsHandling: 'merge' });
  }

  protected filterByTag(tag: string): void {
    void this.router.navigate([], { queryParams: { tag: tag || null }, queryParamsHandling: 'merge' });
  }
}
