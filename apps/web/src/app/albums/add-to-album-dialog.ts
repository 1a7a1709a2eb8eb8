import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, signal, viewChild } from '@angular/core';
import type { Album, Image } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../core/auth/auth-service';
import { mayChange } from '../core/auth/may-manage-others';
import { CursorPages } from '../core/cursor-pages';
import { FocusReturn } from '../core/dialog-focus';
import { LoadMore } from '../core/load-more';
import { UserAction } from '../core/user-action';
import { AlbumsApi } from './albums-api';
import { NewAlbumForm } from './new-album-form';

/**
 * Puts images into albums: any of those the person may change, or a new one. A native modal
 * <dialog>: the page behind is inert, Escape closes it, and focus goes back where it was.
 * Open it with `open(images)`.
 */
@Component({
  selector: 'lbx-add-to-album-dialog',
  imports: [LoadMore, NewAlbumForm],
  templateUrl: './add-to-album-dialog.html',
  styleUrl: './add-to-album-dialog.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AddToAlbumDialog {
  private readonly api = inject(AlbumsApi);
  private readonly auth = inject(AuthService);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly focusReturn = new FocusReturn();

  protected readonly images = signal<readonly Image[]>([]);
  protected readonly what = computed(() => {
    const images = this.images();
    return images.length === 1 ? `“${images[0].title || 'Untitled'}”` : `${images.length} images`;
  });
  protected readonly albums = new CursorPages<Album>((cursor) => this.api.list(cursor));
  /** Every album can be seen; only one's own (or, for those who manage people, any) can be changed. */
  protected readonly changeable = computed(() => this.albums.items().filter((album) => mayChange(this.auth.user(), album.owner)));
  /** The albums added to since the dialog opened. */
  protected readonly added = signal<ReadonlySet<string>>(new Set());
  protected readonly makingNew = signal(false);
  protected readonly action = new UserAction();
  protected readonly notice = signal<string | null>(null);

  open(images: readonly Image[]): void {
    this.images.set(images);
    this.added.set(new Set());
    this.makingNew.set(false);
    this.notice.set(null);
    this.action.error.set(null);
    this.albums.restart();
    this.focusReturn.showModal(this.dialog().nativeElement);
  }

  protected close(): void {
    this.dialog().nativeElement.close();
  }

  protected closed(): void {
    this.focusReturn.closed(this.dialog().nativeElement);
  }

  /**
   * Adding twice does no harm: an image already in the album stays where it is. The buttons stay
   * enabled meanwhile (a disabled one would drop the focus), and a press while one runs is ignored.
   */
  protected async add(album: Album): Promise<void> {
    if (this.action.busy()) return;
    this.notice.set(null);
    const ids = this.images().map((image) => image.id);
    if (await this.action.run(() => firstValueFrom(this.api.addImages(album.id, ids)))) {
      this.added.update((added) => new Set(added).add(album.id));
      this.notice.set(`Added ${this.what()} to “${album.title}”.`);
    }
  }

  protected async createdAlbum(album: Album): Promise<void> {
    this.makingNew.set(false);
    this.albums.items.update((albums) => [album, ...albums]);
    await this.add(album);
  }
}
