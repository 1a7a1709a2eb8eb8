import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import type { Image } from '@lightbox/auth-contracts';
import { catchError, of, switchMap } from 'rxjs';
import { AuthService } from '../core/auth/auth-service';
import { mayChange } from '../core/auth/may-manage-others';
import { CursorPages } from '../core/cursor-pages';
import { LoadMore } from '../core/load-more';
import { Browsing } from './browsing';
import { ImageSource } from './image-source';
import { ImagesApi } from './images-api';
import { LongPress } from './long-press';
import { PLACEHOLDER_RATIOS, photoRatio, photoSizes } from './photo-grid';
import { Selection } from './selection';
import { SelectionBar } from './selection-bar';

@Component({
  selector: 'lbx-gallery-page',
  host: { '(document:keydown.escape)': 'escape($event)' },
  imports: [ImageSource, LoadMore, LongPress, RouterLink, SelectionBar],
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
  /** Counts the changes made here, each of which may have added or removed tags. */
  private readonly tagChanges = signal(0);
  /** Private images have tags too: who is looking decides which there are. */
  protected readonly tags = toSignal(
    toObservable(computed(() => [this.auth.user(), this.tagChanges()])).pipe(switchMap(() => this.api.tags().pipe(catchError(() => of([]))))),
    { initialValue: [] },
  );

  protected readonly selection = new Selection();
  /** Once one image is chosen, a click on another chooses it too, rather than opening it. */
  protected readonly choosing = computed(() => this.selection.size() > 0);
  protected readonly chosenImages = computed(() => this.images.items().filter((image) => this.selection.has(image.id)));
  protected readonly ratio = photoRatio;
  protected readonly sizes = photoSizes;
  protected readonly placeholders = PLACEHOLDER_RATIOS;

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
      untracked(() => {
        this.browsing.remember({ url: this.router.url, label: 'Gallery', ids });
        this.selection.keepOnly(ids);
      });
    });
  }

  /** Only what one may change can be chosen: every bulk action changes the images. */
  protected mayChoose(image: Image): boolean {
    return mayChange(this.auth.user(), image.owner);
  }

  protected picked(event: MouseEvent, image: Image): void {
    if (event.shiftKey) this.selection.extendTo(image.id, this.shownIds());
    else this.selection.toggle(image.id);
  }

  /** While choosing, a photo is a tick box (its link has no address then); otherwise its link opens it. */
  protected clicked(event: MouseEvent, image: Image): void {
    if (!this.choosing()) return;
    event.preventDefault();
    if (this.mayChoose(image)) this.picked(event, image);
  }

  protected longPressed(image: Image): void {
    if (this.mayChoose(image)) this.selection.toggle(image.id);
  }

  protected escape(event: Event): void {
    if (!this.choosing() || (event.target instanceof Element && event.target.closest('dialog'))) return;
    this.selection.clear();
  }

  protected changed(updated: readonly Image[]): void {
    const byId = new Map(updated.map((image) => [image.id, image]));
    this.images.items.update((shown) => shown.map((image) => byId.get(image.id) ?? image));
    this.tagChanges.update((count) => count + 1);
  }

  protected deleted(ids: readonly string[]): void {
    const gone = new Set(ids);
    this.images.items.update((shown) => shown.filter((image) => !gone.has(image.id)));
    this.tagChanges.update((count) => count + 1);
  }

  private shownIds(): string[] {
    return this.images.items().map((image) => image.id);
  }

  protected search(event: Event, q: string): void {
    event.preventDefault();
    void this.router.navigate([], { queryParams: { q: q.trim() || null }, queryParamsHandling: 'merge' });
  }

  protected filterByTag(tag: string): void {
    void this.router.navigate([], { queryParams: { tag: tag || null }, queryParamsHandling: 'merge' });
  }
}
