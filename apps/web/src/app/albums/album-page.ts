import { afterNextRender, ChangeDetectionStrategy, Component, computed, effect, ElementRef, inject, Injector, input, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { type Album, type AlbumSort, type Image, MAX_ALBUM_DESCRIPTION_LENGTH, MAX_ALBUM_TITLE_LENGTH, type Visibility } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../core/auth/auth-service';
import { mayChange } from '../core/auth/may-manage-others';
import { Autofocus } from '../core/autofocus';
import { CursorPages } from '../core/cursor-pages';
import { loadFailure, type LoadFailure } from '../core/error-message';
import { LoadError } from '../core/load-error';
import { LoadMore } from '../core/load-more';
import { UserAction } from '../core/user-action';
import { Browsing } from '../gallery/browsing';
import { ImageSource } from '../gallery/image-source';
import { ShareDialog } from '../share-links/share-dialog';
import { AlbumsApi } from './albums-api';

const SORTS: readonly { sort: AlbumSort; label: string }[] = [
  { sort: 'manual', label: 'As arranged' },
  { sort: 'newest', label: 'Newest first' },
  { sort: 'oldest', label: 'Oldest first' },
];

const nameOf = (image: Image) => image.title || 'Untitled';

/** The list with the item at `from` taken out and put in at `to`; the others keep their order. */
function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

@Component({
  selector: 'lbx-album-page',
  imports: [Autofocus, ImageSource, LoadMore, ReactiveFormsModule, RouterLink, ShareDialog, LoadError],
  templateUrl: './album-page.html',
  styleUrl: './album-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlbumPage {
  private readonly auth = inject(AuthService);
  private readonly api = inject(AlbumsApi);
  private readonly router = inject(Router);
  private readonly browsing = inject(Browsing);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly id = input.required<string>();

  protected readonly sorts = SORTS;
  protected readonly maxTitle = MAX_ALBUM_TITLE_LENGTH;
  protected readonly maxDescription = MAX_ALBUM_DESCRIPTION_LENGTH;
  protected readonly nameOf = nameOf;
  protected readonly album = signal<Album | null>(null);
  protected readonly loadError = signal<LoadFailure | null>(null);
  /** Counts the tries, so that "Try again" asks again. */
  private readonly attempt = signal(0);
  protected readonly images = new CursorPages<Image>((cursor) => this.api.images(this.id(), cursor));
  protected readonly canChange = computed(() => {
    const album = this.album();
    return album !== null && mayChange(this.auth.user(), album.owner);
  });
  /** Only an album arranged by hand can be reordered: the others follow the upload dates. */
  protected readonly arrangeable = computed(() => this.canChange() && this.album()?.sort === 'manual');
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly action = new UserAction();
  /** What the last change came to, for screen readers as well (a move shows nowhere else). */
  protected readonly notice = signal<string | null>(null);
  protected readonly editing = signal(false);
  protected readonly confirmingDelete = signal(false);
  /** The place a dragged image would go, to show it. */
  protected readonly dropAt = signal<number | null>(null);
  private dragged: number | null = null;
  protected readonly form = inject(NonNullableFormBuilder).group({
    title: [''],
    description: [''],
    visibility: ['private' as Visibility],
    sort: ['manual' as AlbumSort],
  });

  constructor() {
    // An image opened from here steps through the album, in its order, and leads back to it.
    effect(() => {
      const ids = this.images.items().map((image) => image.id);
      const label = this.album()?.title || 'Album';
      untracked(() => this.browsing.remember({ url: `/albums/${this.id()}`, label, ids }));
    });
    effect((onCleanup) => {
      const id = this.id();
      this.auth.user(); // signing in may reveal a private album, and private images in it
      this.attempt();
      const request = this.api.get(id).subscribe({
        next: (album) => this.show(album),
        error: (error: unknown) => {
          this.album.set(null);
          this.loadError.set(loadFailure(error));
        },
      });
      untracked(() => {
        this.clearSelection();
        this.images.restart();
      });
      onCleanup(() => request.unsubscribe());
    });
  }

  protected startEditing(album: Album): void {
    this.show(album);
    this.notice.set(null);
    this.editing.set(true);
  }

  protected async save(album: Album): Promise<void> {
    const { title, description, visibility, sort } = this.form.getRawValue();
    if (!title.trim()) {
      this.action.error.set('Give the album a title.');
      return;
    }
    const saved = await this.action.run(async () => {
      this.show(await firstValueFrom(this.api.update(album.id, { title: title.trim(), description: description.trim(), visibility, sort })));
      if (sort !== album.sort) this.images.restart();
    });
    if (saved) {
      this.editing.set(false);
      this.notice.set('Saved.');
    }
  }

  protected toggle(image: Image): void {
    this.selected.update((chosen) => {
      const next = new Set(chosen);
      if (!next.delete(image.id)) next.add(image.id);
      return next;
    });
  }

  protected clearSelection(): void {
    this.selected.set(new Set());
  }

  /** Out of the album, not out of the gallery. */
  protected async removeSelected(album: Album): Promise<void> {
    const ids = [...this.selected()];
    const removed = await this.action.run(async () => this.show(await firstValueFrom(this.api.removeImages(album.id, ids))));
    if (!removed) return;
    this.images.items.update((images) => images.filter((image) => !ids.includes(image.id)));
    this.clearSelection();
    this.notice.set(ids.length === 1 ? 'Removed 1 image from the album.' : `Removed ${ids.length} images from the album.`);
  }

  protected async makeCover(album: Album, image: Image): Promise<void> {
    if (await this.action.run(async () => this.show(await firstValueFrom(this.api.update(album.id, { cover_image_id: image.id }))))) {
      this.notice.set(`“${nameOf(image)}” is the cover now.`);
    }
  }

  /** By the Earlier and Later buttons: focus stays on the button pressed, or on its twin at an end. */
  protected async step(album: Album, from: number, by: -1 | 1): Promise<void> {
    const image = this.images.items()[from];
    await this.move(album, from, from + by);
    afterNextRender(
      () => {
        const buttons = this.host.nativeElement.querySelectorAll<HTMLButtonElement>(`[data-moves="${image.id}"]`);
        const pressed = Array.from(buttons).find((button) => button.dataset['by'] === String(by) && !button.disabled);
        (pressed ?? Array.from(buttons).find((button) => !button.disabled))?.focus();
      },
      { injector: this.injector },
    );
  }

  protected dragStart(event: DragEvent, index: number): void {
    this.dragged = index;
    if (!event.dataTransfer) return;
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', this.images.items()[index].id); // without data, Firefox starts no drag
  }

  protected dragOver(event: DragEvent, index: number): void {
    if (this.dragged === null) return;
    event.preventDefault(); // allows the drop here
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
    this.dropAt.set(index);
  }

  protected async drop(event: DragEvent, album: Album, index: number): Promise<void> {
    event.preventDefault();
    const from = this.dragged;
    this.dragEnd();
    if (from !== null && from !== index) await this.move(album, from, index);
  }

  protected dragEnd(): void {
    this.dragged = null;
    this.dropAt.set(null);
  }

  protected async remove(album: Album): Promise<void> {
    const deleted = await this.action.run(() => firstValueFrom(this.api.delete(album.id)));
    this.confirmingDelete.set(false);
    if (deleted) await this.router.navigateByUrl('/albums');
  }

  /**
   * Shown moved at once, then told to the API: the images up to the last place that changed, in
   * their new order (the rest keep theirs). Put back as they were if it refuses.
   */
  private async move(album: Album, from: number, to: number): Promise<void> {
    const before = this.images.items();
    // One move at a time: a refused one puts back the order it started from.
    if (this.action.busy() || to < 0 || to >= before.length) return;
    const after = moved(before, from, to);
    this.images.items.set(after);
    const changed = after.slice(0, Math.max(from, to) + 1).map((image) => image.id);
    this.notice.set(null);
    if (await this.action.run(() => firstValueFrom(this.api.arrange(album.id, changed)))) {
      this.notice.set(`“${nameOf(after[to])}” is now number ${to + 1} of ${after.length}.`);
    } else {
      this.images.items.set(before);
    }
  }

  protected retry(): void {
    this.loadError.set(null);
    this.attempt.update((count) => count + 1);
  }

  private show(album: Album): void {
    this.album.set(album);
    this.loadError.set(null);
    this.form.setValue({ title: album.title, description: album.description, visibility: album.visibility, sort: album.sort });
  }
}
