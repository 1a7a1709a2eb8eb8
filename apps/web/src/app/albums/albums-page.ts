import { ChangeDetectionStrategy, Component, effect, inject, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type { Album } from '@lightbox/auth-contracts';
import { AuthService } from '../core/auth/auth-service';
import { CursorPages } from '../core/cursor-pages';
import { LoadMore } from '../core/load-more';
import { ImageSource } from '../gallery/image-source';
import { AlbumsApi } from './albums-api';
import { NewAlbumForm } from './new-album-form';

@Component({
  selector: 'lbx-albums-page',
  imports: [ImageSource, LoadMore, NewAlbumForm, RouterLink],
  templateUrl: './albums-page.html',
  styleUrl: './albums-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlbumsPage {
  protected readonly auth = inject(AuthService);
  private readonly api = inject(AlbumsApi);
  private readonly router = inject(Router);

  protected readonly albums = new CursorPages<Album>((cursor) => this.api.list(cursor));
  protected readonly creating = signal(false);

  constructor() {
    effect(() => {
      this.auth.user(); // who is looking decides which albums there are
      untracked(() => this.albums.restart());
    });
  }

  /** A new album is empty: its page is where images are added next. */
  protected async created(album: Album): Promise<void> {
    await this.router.navigate(['/albums', album.id]);
  }
}
