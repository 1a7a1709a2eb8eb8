import { DecimalPipe } from '@angular/common';
import { HttpEventType } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { DEFAULT_VISIBILITY, IMAGE_CONTENT_TYPES, VISIBILITIES, type Visibility } from '@lightbox/auth-contracts';
import { lastValueFrom, tap } from 'rxjs';
import { errorMessage, IMAGES_TAKEN } from '../core/error-message';
import { oneOf } from '../core/one-of';
import { ImagesApi } from '../gallery/images-api';

/** `refused`: not an image Lightbox takes, known before sending it; only removed. */
type UploadState = 'waiting' | 'uploading' | 'done' | 'failed' | 'refused';

interface QueuedFile {
  readonly id: number;
  readonly file: File;
  /** An object URL of the file; null for what is not an image, or did not decode as one. */
  readonly preview: string | null;
  readonly state: UploadState;
  /** 0–100 while uploading. */
  readonly progress: number;
  readonly error?: string;
  readonly imageId?: string;
}

function titleOf(file: File): string {
  return file.name.replace(/\.[^.]+$/, '');
}

/** A type the browser knows and Lightbox does not take; an unknown one (``) is left to the server, which reads the bytes. */
function isRefused(file: File): boolean {
  return file.type !== '' && !oneOf(IMAGE_CONTENT_TYPES, file.type);
}

@Component({
  selector: 'lbx-upload-page',
  imports: [DecimalPipe, RouterLink],
  templateUrl: './upload-page.html',
  styleUrl: './upload-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UploadPage {
  private readonly api = inject(ImagesApi);

  protected readonly accept = IMAGE_CONTENT_TYPES.join(',');
  protected readonly extension = extensionOf;
  protected readonly queue = signal<QueuedFile[]>([]);
  protected readonly dragging = signal(false);
  protected readonly busy = signal(false);
  protected readonly hasWaiting = computed(() => this.queue().some((item) => item.state === 'waiting' || item.state === 'failed'));
  protected readonly doneCount = computed(() => this.queue().filter((item) => item.state === 'done').length);

  private destroyed = false;
  private added = 0;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.queue().forEach(revokePreview);
    });
  }

  protected dragOver(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(true);
  }

  protected drop(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    this.add(event.dataTransfer?.files);
  }

  protected choose(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.add(input.files);
    input.value = '';
  }

  protected removeAt(index: number): void {
    revokePreview(this.queue()[index]);
    this.queue.update((queue) => queue.filter((_, at) => at !== index));
  }

  /** One file after another: each gets its own progress and its own error, and one failure stops none of the others. */
  protected async uploadAll(tags: string, chosenVisibility: string): Promise<void> {
    const visibility = oneOf(VISIBILITIES, chosenVisibility) ?? DEFAULT_VISIBILITY;
    this.busy.set(true);
    for (const item of this.queue()) {
      // Leaving the page stops the queue: the file being sent finishes, no other starts.
      if (this.destroyed) return;
      if (item.state === 'waiting' || item.state === 'failed') await this.upload(item, tags, visibility);
    }
    this.busy.set(false);
  }

  private async upload(item: QueuedFile, tags: string, visibility: Visibility): Promise<void> {
    this.patch(item, { state: 'uploading', progress: 0, error: undefined });
    try {
      const upload = this.api.upload({ file: item.file, title: titleOf(item.file), tags, visibility }).pipe(
        tap((event) => {
          if (event.type === HttpEventType.UploadProgress && event.total) {
            this.patch(item, { progress: Math.round((100 * event.loaded) / event.total) });
          }
        }),
      );
      const last = await lastValueFrom(upload);
      const imageId = last.type === HttpEventType.Response ? last.body?.id : undefined;
      this.patch(item, { state: 'done', progress: 100, imageId });
    } catch (error) {
      this.patch(item, { state: 'failed', error: errorMessage(error) });
    }
  }

  /** A file named like an image that does not decode as one keeps its place, with the placeholder. */
  protected previewFailed(item: QueuedFile): void {
    revokePreview(item);
    this.patch(item, { preview: null });
  }

  private add(files: FileList | null | undefined): void {
    const added = Array.from(files ?? [], (file): QueuedFile => {
      const id = ++this.added;
      return isRefused(file)
        ? { id, file, preview: null, state: 'refused', progress: 0, error: `Not an image. ${IMAGES_TAKEN}` }
        : { id, file, preview: URL.createObjectURL(file), state: 'waiting', progress: 0 };
    });
    this.queue.update((queue) => [...queue, ...added]);
  }

  /** Items are replaced, not mutated, so the list re-renders; they are found again by their id. */
  private patch(item: QueuedFile, change: Partial<QueuedFile>): void {
    this.queue.update((queue) => queue.map((queued) => (queued.id === item.id ? { ...queued, ...change } : queued)));
  }
}

function revokePreview(item: QueuedFile): void {
  if (item.preview) URL.revokeObjectURL(item.preview);
}

/** What the placeholder shows: the file's extension, as a file manager would. */
function extensionOf(file: File): string {
  return /\.([^.]{1,5})$/.exec(file.name)?.[1].toUpperCase() ?? 'FILE';
}
