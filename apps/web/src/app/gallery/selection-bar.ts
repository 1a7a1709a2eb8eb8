import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, input, output, signal, viewChild } from '@angular/core';
import type { Image, Visibility } from '@lightbox/auth-contracts';
import { FolderPlus, Globe, Lock, Tag, Trash2, X } from 'lucide';
import { catchError, from, lastValueFrom, map, mergeMap, type Observable, of, toArray } from 'rxjs';
import { AddToAlbumDialog } from '../albums/add-to-album-dialog';
import { Autofocus } from '../core/autofocus';
import { FocusReturn } from '../core/dialog-focus';
import { errorMessage } from '../core/error-message';
import { Icon } from '../core/icon';
import { ImagesApi } from './images-api';
import { tagList } from './tag-list';

/** Requests at once: enough to be quick, few enough not to crowd out the thumbnails still loading. */
const AT_ONCE = 4;

type Outcome<T> = { image: Image; done: T } | { image: Image; failure: string };

/** "3 images", "1 image". */
export function imageCount(count: number): string {
  return count === 1 ? '1 image' : `${count} images`;
}

/**
 * What can be done to the images chosen in the gallery, all at once: add tags, make them public or
 * private, put them in an album, delete them (after one question naming how many). Each image is
 * its own request, so one refused (a tag too many, another's image) leaves the rest done, and the
 * bar says which were not and why.
 */
@Component({
  selector: 'lbx-selection-bar',
  imports: [AddToAlbumDialog, Autofocus, Icon],
  templateUrl: './selection-bar.html',
  styleUrl: './selection-bar.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SelectionBar {
  protected readonly icons = { FolderPlus, Globe, Lock, Tag, Trash2, X };
  private readonly api = inject(ImagesApi);

  readonly images = input.required<readonly Image[]>();
  /** Images as the API now has them, after a change. */
  readonly changed = output<Image[]>();
  readonly deleted = output<string[]>();
  readonly cleared = output();

  protected readonly count = computed(() => imageCount(this.images().length));
  protected readonly busy = signal(false);
  protected readonly notice = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly tagging = signal(false);
  private readonly confirmDialog = viewChild.required<ElementRef<HTMLDialogElement>>('confirmDelete');
  private readonly focusReturn = new FocusReturn();

  protected async addTags(event: Event, text: string): Promise<void> {
    event.preventDefault();
    const tags = tagList(text);
    if (!tags.length) return this.error.set('Type the tags to add, separated by commas.');
    const outcomes = await this.each((image) => this.api.update(image.id, { tags: [...image.tags, ...tags] }));
    this.report(outcomes, `Tagged ${tags.map((tag) => `“${tag}”`).join(', ')}`, 'tagged');
    this.changed.emit(answers(outcomes));
    if (outcomes.every((outcome) => 'done' in outcome)) this.tagging.set(false);
  }

  protected async makeAll(visibility: Visibility): Promise<void> {
    const outcomes = await this.each((image) => this.api.update(image.id, { visibility }));
    this.report(outcomes, `Made ${visibility}`, `made ${visibility}`);
    this.changed.emit(answers(outcomes));
  }

  protected askToDelete(): void {
    this.focusReturn.showModal(this.confirmDialog().nativeElement);
  }

  protected closeQuestion(): void {
    this.confirmDialog().nativeElement.close();
  }

  protected questionClosed(): void {
    this.focusReturn.closed(this.confirmDialog().nativeElement);
  }

  protected async deleteAll(): Promise<void> {
    this.closeQuestion();
    const outcomes = await this.each((image) => this.api.delete(image.id));
    this.report(outcomes, 'Deleted', 'deleted');
    this.deleted.emit(idsDone(outcomes));
  }

  /** Runs `change` on every chosen image, a few at a time; never throws. */
  private async each<T>(change: (image: Image) => Observable<T>): Promise<Outcome<T>[]> {
    this.busy.set(true);
    this.notice.set(null);
    this.error.set(null);
    try {
      return await lastValueFrom(
        from(this.images()).pipe(
          mergeMap(
            (image) =>
              change(image).pipe(
                map((done): Outcome<T> => ({ image, done })),
                catchError((error: unknown) => of<Outcome<T>>({ image, failure: errorMessage(error) })),
              ),
            AT_ONCE,
          ),
          toArray(),
        ),
      );
    } finally {
      this.busy.set(false);
    }
  }

  /** "Deleted 3 images." or "Deleted 2 of 3 images. “harbour” was not: You may not change …". */
  private report(outcomes: readonly Outcome<unknown>[], done: string, doneWord: string): void {
    const failures = outcomes.flatMap((outcome) => ('failure' in outcome ? [outcome] : []));
    const succeededCount = outcomes.length - failures.length;
    if (!failures.length) return this.notice.set(`${done} ${imageCount(succeededCount)}.`);
    if (succeededCount) this.notice.set(`${done} ${succeededCount} of ${imageCount(outcomes.length)}.`);
    const [first, ...rest] = failures;
    const name = `“${first.image.title || 'Untitled'}”`;
    const others = rest.length ? ` (and ${imageCount(rest.length)} more)` : '';
    this.error.set(`${name}${others} could not be ${doneWord}: ${first.failure}`);
  }
}

/** What the API answered for each image it changed. */
function answers<T>(outcomes: readonly Outcome<T>[]): T[] {
  return outcomes.flatMap((outcome) => ('done' in outcome ? [outcome.done] : []));
}

function idsDone(outcomes: readonly Outcome<unknown>[]): string[] {
  return outcomes.flatMap((outcome) => ('done' in outcome ? [outcome.image.id] : []));
}
