import { DecimalPipe } from '@angular/common';
import { HttpEventType } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { DEFAULT_VISIBILITY, IMAGE_CONTENT_TYPES, VISIBILITIES, type Visibility } from '@lightbox/auth-contracts';
import { lastValueFrom, tap } from 'rxjs';
import { errorMessage } from '../core/error-message';
import { oneOf } from '../core/one-of';
import { ImagesApi } from '../gallery/images-api';

type UploadState = 'waiting' | 'uploading' | 'done' | 'failed';

interface QueuedFile {
  readonly file: File;
  readonly preview: string;
  readonly state: UploadState;
  /** 0–100 while uploading. */
  readonly progress: number;
  readonly error?: string;
  readonly imageId?: string;
}

function titleOf(file: File): string {
  return file.name.replace(/\.[^.]+$/, '');
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
  protected readonly queue = signal<QueuedFile[]>([]);
  protected readonly dragging = signal(false);
  protected readonly busy = signal(false);
  protected readonly hasWaiting = computed(() => this.queue().some((item) => item.state === 'waiting' || item.state === 'failed'));
  protected readonly doneCount = computed(() => this.queue().filter((item) => item.state === 'done').length);

  private destroyed = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.queue().forEach((item) => URL.revokeObjectURL(item.preview));
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
    const item = this.queue()[index];
    URL.revokeObjectURL(item.preview);
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

  private add(files: FileList | null | undefined): void {
    const added = Array.from(files ?? [], (file) => ({ file, preview: URL.createObjectURL(file), state: 'waiting' as const, progress: 0 }));
    this.queue.update((queue) => [...queue, ...added]);
  }

  /** Items are replaced, not mutated, so the list re-renders; they are found again by their preview URL. */
  private patch(item: QueuedFile, change: Partial<QueuedFile>): void {
    this.queue.update((queue) => queue.map((queued) => (queued.preview === item.preview ? { ...queued, ...change } : queued)));
  }
}
