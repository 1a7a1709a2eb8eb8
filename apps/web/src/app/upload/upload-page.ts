import { DecimalPipe } from '@angular/common';
import { HttpEventType } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { IMAGE_CONTENT_TYPES, type Visibility } from '@lightbox/auth-contracts';
import { lastValueFrom, tap } from 'rxjs';
import { errorMessage } from '../core/error-message';
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
  template: `
    <h1>Upload images</h1>
    <div class="drop" [class.over]="dragging()" (dragover)="dragOver($event)" (dragleave)="dragging.set(false)" (drop)="drop($event)">
      <p>Drop images here, or</p>
      <label class="button quiet">
        Choose files
        <input class="visually-hidden" type="file" multiple [accept]="accept" (change)="choose($event)" />
      </label>
      <p class="hint">JPEG, PNG, WebP, GIF or AVIF.</p>
    </div>

    <div class="form options">
      <label class="field">
        <span>Tags for these images</span>
        <input #tags placeholder="sea, summer" aria-describedby="tags-hint" />
        <span id="tags-hint" class="hint">Separate tags with commas.</span>
      </label>
      <label class="field">
        <span>Visibility</span>
        <select #visibility>
          <option value="private">Private: only signed-in users</option>
          <option value="public">Public: everyone</option>
        </select>
      </label>
    </div>

    @if (queue().length) {
      <ul class="queue" aria-label="Files to upload">
        @for (item of queue(); track item.preview; let index = $index) {
          <li>
            <img [src]="item.preview" alt="" width="64" height="64" />
            <div class="details">
              <span class="name">{{ item.file.name }} <span class="muted">({{ item.file.size / 1024 | number: '1.0-0' }} kB)</span></span>
              @switch (item.state) {
                @case ('uploading') {
                  <progress max="100" [value]="item.progress" [attr.aria-label]="'Uploading ' + item.file.name">{{ item.progress }}%</progress>
                }
                @case ('done') {
                  <span class="status-active">Uploaded. <a [routerLink]="['/images', item.imageId]">Open</a></span>
                }
                @case ('failed') {
                  <span class="error" role="alert">{{ item.error }}</span>
                }
              }
            </div>
            @if (!busy() && (item.state === 'waiting' || item.state === 'failed')) {
              <button type="button" class="button quiet" (click)="removeAt(index)" [attr.aria-label]="'Remove ' + item.file.name">Remove</button>
            }
          </li>
        }
      </ul>
      <div class="actions">
        <button class="button" type="button" (click)="uploadAll(tags.value, $any(visibility.value))" [disabled]="busy() || !hasWaiting()">
          @if (busy()) {
            <span class="spinner" aria-hidden="true"></span> Uploading…
          } @else {
            Upload
          }
        </button>
        @if (doneCount()) {
          <a routerLink="/">See them in the gallery</a>
        }
      </div>
    }
  `,
  styles: `
    .drop {
      border: 2px dashed #8a929e;
      border-radius: var(--radius);
      padding: 1.5rem;
      text-align: center;
      margin-bottom: 1rem;
    }
    .drop.over {
      border-color: var(--accent);
      background: var(--surface);
    }
    label.button:focus-within {
      outline: 3px solid var(--accent);
      outline-offset: 2px;
    }
    .options {
      margin-bottom: 1rem;
    }
    .queue {
      list-style: none;
      padding: 0;
      display: grid;
      gap: 0.5rem;
    }
    .queue li {
      display: flex;
      align-items: center;
      gap: 0.75rem;
    }
    .queue img {
      object-fit: cover;
      border-radius: var(--radius);
    }
    .details {
      display: grid;
      flex: 1;
      min-width: 0;
    }
    .name {
      overflow-wrap: anywhere;
    }
    progress {
      width: 100%;
    }
  `,
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
  protected async uploadAll(tags: string, visibility: Visibility): Promise<void> {
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
