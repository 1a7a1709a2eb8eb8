import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, linkedSignal, type OnDestroy, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { type Image, MAX_TITLE_LENGTH, type Visibility } from '@lightbox/auth-contracts';
import { ChevronLeft, ChevronRight, Info, Maximize, Minimize, Share2, X, ZoomIn, ZoomOut } from 'lucide';
import { firstValueFrom } from 'rxjs';
import { AddToAlbumDialog } from '../albums/add-to-album-dialog';
import { AuthService } from '../core/auth/auth-service';
import { mayChange } from '../core/auth/may-manage-others';
import { Autofocus } from '../core/autofocus';
import { loadFailure, type LoadFailure } from '../core/error-message';
import { Icon } from '../core/icon';
import { LoadError } from '../core/load-error';
import { UserAction } from '../core/user-action';
import { ShareDialog } from '../share-links/share-dialog';
import { ImageSource } from './image-source';
import { Browsing } from './browsing';
import { exifLines, mapLink, placeName } from './exif-lines';
import { ImagesApi } from './images-api';
import { Swipe } from './swipe';
import { tagList } from './tag-list';

/** The phone layout's width, as in the stylesheets. */
const PHONE = '(max-width: 40rem)';

@Component({
  selector: 'lbx-image-page',
  host: { '(document:keydown)': 'keydown($event)', '(document:fullscreenchange)': 'fullScreenChanged()' },
  imports: [AddToAlbumDialog, Autofocus, DatePipe, DecimalPipe, Icon, ReactiveFormsModule, RouterLink, ImageSource, ShareDialog, LoadError, Swipe],
  templateUrl: './image-page.html',
  styleUrl: './image-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImagePage implements OnDestroy {
  private readonly auth = inject(AuthService);
  private readonly api = inject(ImagesApi);
  private readonly router = inject(Router);
  private readonly browsing = inject(Browsing);

  readonly id = input.required<string>();

  protected readonly maxTitle = MAX_TITLE_LENGTH;
  protected readonly icons = { ChevronLeft, ChevronRight, Info, Maximize, Minimize, Share2, X, ZoomIn, ZoomOut };
  protected readonly image = signal<Image | null>(null);
  protected readonly loadError = signal<LoadFailure | null>(null);
  /** Its neighbours in the list it was opened from, and the way back there. */
  protected readonly around = computed(() => this.browsing.around(this.id()));
  /** Zoomed in, the original at its own size, panned by scrolling; each image opens fitted. */
  protected readonly zoomed = linkedSignal({ source: this.id, computation: () => false });
  protected readonly fullScreenAllowed = document.fullscreenEnabled === true;
  protected readonly fullScreen = signal(false);
  /** Beside the photo on a wide screen; on a phone a sheet over it, so it waits to be asked for. */
  protected readonly detailsShown = signal(!(typeof matchMedia === 'function' && matchMedia(PHONE).matches));
  /** Counts the tries, so that "Try again" asks again. */
  private readonly attempt = signal(0);
  protected readonly action = new UserAction();
  protected readonly saved = signal(false);
  protected readonly confirmingDelete = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    title: [''],
    tags: [''],
    visibility: ['private' as Visibility],
    locationShown: [false],
  });
  /** The fields whose refusals the form shows beside them, by the names the API gives them. */
  protected readonly editedFields = ['title', 'tags'];

  protected readonly canEdit = computed(() => {
    const image = this.image();
    return image !== null && mayChange(this.auth.user(), image.owner);
  });
  protected readonly exifLines = computed(() => exifLines(this.image()?.exif ?? null));
  protected readonly placeName = placeName;
  protected readonly mapLink = mapLink;
  /** Any image one sees can go into one's own albums. */
  protected readonly canAddToAlbum = computed(() => this.auth.hasScope('images:write'));

  constructor() {
    effect((onCleanup) => {
      this.auth.user(); // signing in may reveal a private image
      this.attempt();
      const request = this.api.get(this.id()).subscribe({
        next: (image) => this.show(image),
        error: (error: unknown) => {
          this.image.set(null);
          this.loadError.set(loadFailure(error));
        },
      });
      onCleanup(() => request.unsubscribe());
    });
  }

  protected async save(image: Image): Promise<void> {
    const { title, tags, visibility, locationShown } = this.form.getRawValue();
    this.saved.set(false);
    this.saved.set(
      await this.action.run(async () => {
        const updated = await firstValueFrom(this.api.update(image.id, { title, tags: tagList(tags), visibility, ...(image.exif?.has_location ? { location_shown: locationShown } : {}) }));
        this.form.markAsPristine();
        this.show(updated);
      }),
    );
  }

  protected async remove(image: Image): Promise<void> {
    this.saved.set(false);
    const deleted = await this.action.run(() => firstValueFrom(this.api.delete(image.id)));
    this.confirmingDelete.set(false);
    if (deleted) await this.router.navigateByUrl('/');
  }

  /**
   * To the previous or next image, in place of this one: Back leads to the list, not through every
   * image seen.
   */
  protected step(direction: 'previous' | 'next'): void {
    const to = this.around()[direction];
    if (to) void this.router.navigate(['/images', to], { replaceUrl: true });
  }

  /** A zoomed photo is panned by a finger, not swiped away. */
  protected swiped(direction: 'previous' | 'next'): void {
    if (!this.zoomed()) this.step(direction);
  }

  protected toggleZoom(): void {
    this.zoomed.update((zoomed) => !zoomed);
  }

  /** The photo alone on the screen, still stepping by keys, buttons and swipes; Escape leaves it. */
  protected toggleFullScreen(stage: HTMLElement): void {
    const change = document.fullscreenElement ? document.exitFullscreen() : stage.requestFullscreen();
    void change.catch(() => undefined); // refused (no user gesture, a policy): the page stays as it is
  }

  protected fullScreenChanged(): void {
    this.fullScreen.set(document.fullscreenElement !== null);
  }

  ngOnDestroy(): void {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  }

  /** The arrow keys step through the list, unless they are moving a caret or a choice. */
  protected keydown(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.defaultPrevented) return;
    if (event.target instanceof Element && event.target.closest('input, textarea, select, [contenteditable], dialog')) return;
    if (event.key === 'ArrowLeft') this.step('previous');
    if (event.key === 'ArrowRight') this.step('next');
  }

  protected retry(): void {
    this.loadError.set(null);
    this.attempt.update((count) => count + 1);
  }

  /** A second answer for the image being edited (signing in reloads it) never throws away typing. */
  private show(image: Image): void {
    const editing = this.form.dirty && this.image()?.id === image.id;
    this.image.set(image);
    this.loadError.set(null);
    if (!editing) this.form.reset({ title: image.title, tags: image.tags.join(', '), visibility: image.visibility, locationShown: image.location_shown });
  }
}
