import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { type Image, MAX_TITLE_LENGTH, type Visibility } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../core/auth/auth-service';
import { Autofocus } from '../core/autofocus';
import { errorMessage } from '../core/error-message';
import { UserAction } from '../core/user-action';
import { ImageSource } from './image-source';
import { ImagesApi } from './images-api';

/** "sea, Summer ,," → ["sea", "Summer"]; the API puts tags in their one form. */
function tagList(text: string): string[] {
  return text.split(',').map((tag) => tag.trim()).filter(Boolean);
}

@Component({
  selector: 'lbx-image-page',
  imports: [Autofocus, DatePipe, DecimalPipe, ReactiveFormsModule, RouterLink, ImageSource],
  template: `
    <p><a routerLink="/">← Gallery</a></p>
    @if (image(); as image) {
      <h1>{{ image.title || 'Untitled' }}</h1>
      <figure>
        <img [lbxImageSource]="image" variant="file" [alt]="image.title || 'Untitled image'"
             [width]="image.width" [height]="image.height" />
      </figure>
      <ul class="tags" aria-label="Tags">
        @for (tag of image.tags; track tag) {
          <li><a class="tag" routerLink="/" [queryParams]="{ tag }">{{ tag }}</a></li>
        }
      </ul>
      <dl class="meta">
        <dt>Size</dt><dd>{{ image.width }} × {{ image.height }} px, {{ image.size_bytes / 1024 | number: '1.0-0' }} kB</dd>
        <dt>Type</dt><dd>{{ image.content_type }}</dd>
        <dt>Visibility</dt><dd>{{ image.visibility }}</dd>
        <dt>Uploaded</dt><dd>{{ image.created_at | date: 'medium' }} by {{ image.owner.username }}</dd>
      </dl>

      @if (canEdit()) {
        <h2>Edit</h2>
        <form class="form" [formGroup]="form" (ngSubmit)="save(image)">
          <label class="field">
            <span>Title</span>
            <input formControlName="title" [maxlength]="maxTitle" />
          </label>
          <label class="field">
            <span>Tags</span>
            <input formControlName="tags" aria-describedby="tags-hint" />
            <span id="tags-hint" class="hint">Separate tags with commas.</span>
          </label>
          <label class="field">
            <span>Visibility</span>
            <select formControlName="visibility">
              <option value="private">Private: only signed-in users</option>
              <option value="public">Public: everyone</option>
            </select>
          </label>
          @if (action.error(); as message) {
            <p class="error" role="alert">{{ message }}</p>
          }
          @if (saved()) {
            <p role="status">Saved.</p>
          }
          <div class="actions">
            <button class="button" type="submit" [disabled]="action.busy()">Save changes</button>
            @if (confirmingDelete()) {
              <span id="delete-question">Delete this image for good?</span>
              <button lbxAutofocus class="button danger" type="button" aria-describedby="delete-question" (click)="remove(image)"
                      [disabled]="action.busy()">Yes, delete</button>
              <button class="button quiet" type="button" (click)="confirmingDelete.set(false)">Keep it</button>
            } @else {
              <button class="button quiet" type="button" (click)="confirmingDelete.set(true)">Delete…</button>
            }
          </div>
        </form>
      }
    } @else if (loadError(); as message) {
      <h1>Image</h1>
      <p class="error" role="alert">{{ message }}</p>
    } @else {
      <span class="spinner" role="status" aria-label="Loading"></span>
    }
  `,
  styles: `
    figure {
      margin: 0 0 1rem;
    }
    figure img {
      max-width: 100%;
      height: auto;
      max-height: 75vh;
      object-fit: contain;
      background: var(--surface);
    }
    .tags {
      list-style: none;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
    }
    .meta {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.2rem 1rem;
    }
    .meta dt {
      font-weight: 600;
    }
    .meta dd {
      margin: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImagePage {
  private readonly auth = inject(AuthService);
  private readonly api = inject(ImagesApi);
  private readonly router = inject(Router);

  readonly id = input.required<string>();

  protected readonly maxTitle = MAX_TITLE_LENGTH;
  protected readonly image = signal<Image | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly action = new UserAction();
  protected readonly saved = signal(false);
  protected readonly confirmingDelete = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    title: [''],
    tags: [''],
    visibility: ['private' as Visibility],
  });

  /** The API's rule: with images:write, your own images; with users:manage as well, anyone's. */
  protected readonly canEdit = computed(() => {
    const image = this.image();
    const user = this.auth.user();
    if (!image || !user || !this.auth.hasScope('images:write')) return false;
    return image.owner.id === user.id || this.auth.hasScope('users:manage');
  });

  constructor() {
    effect((onCleanup) => {
      this.auth.user(); // signing in may reveal a private image
      const request = this.api.get(this.id()).subscribe({
        next: (image) => this.show(image),
        error: (error: unknown) => {
          this.image.set(null);
          this.loadError.set(errorMessage(error));
        },
      });
      onCleanup(() => request.unsubscribe());
    });
  }

  protected async save(image: Image): Promise<void> {
    const { title, tags, visibility } = this.form.getRawValue();
    this.saved.set(false);
    this.saved.set(
      await this.action.run(async () => this.show(await firstValueFrom(this.api.update(image.id, { title, tags: tagList(tags), visibility })))),
    );
  }

  protected async remove(image: Image): Promise<void> {
    this.saved.set(false);
    const deleted = await this.action.run(() => firstValueFrom(this.api.delete(image.id)));
    this.confirmingDelete.set(false);
    if (deleted) await this.router.navigateByUrl('/');
  }

  private show(image: Image): void {
    this.image.set(image);
    this.loadError.set(null);
    this.form.setValue({ title: image.title, tags: image.tags.join(', '), visibility: image.visibility });
  }
}
