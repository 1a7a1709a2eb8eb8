import { ChangeDetectionStrategy, Component, effect, inject, input, untracked } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import type { Image } from '@lightbox/auth-contracts';
import { catchError, of, switchMap } from 'rxjs';
import { AuthService } from '../core/auth/auth-service';
import { CursorPages } from '../core/cursor-pages';
import { LoadMore } from '../core/load-more';
import { ImageSource } from './image-source';
import { ImagesApi } from './images-api';

@Component({
  selector: 'lbx-gallery-page',
  imports: [ImageSource, LoadMore, RouterLink],
  template: `
    <div class="heading">
      <h1>Gallery</h1>
      @if (auth.hasScope('images:write')) {
        <a class="button" routerLink="/upload">Upload images</a>
      }
    </div>

    <form class="filters" role="search" (submit)="search($event, query.value)">
      <label class="field">
        <span>Search titles</span>
        <input #query type="search" name="q" [value]="q() ?? ''" />
      </label>
      <label class="field">
        <span>Tag</span>
        <select name="tag" (change)="filterByTag($any($event.target).value)">
          <option value="" [selected]="!tag()">All tags</option>
          @for (tagCount of tags(); track tagCount.name) {
            <option [value]="tagCount.name" [selected]="tagCount.name === tag()">{{ tagCount.name }} ({{ tagCount.count }})</option>
          }
        </select>
      </label>
      <button class="button quiet" type="submit">Search</button>
    </form>

    @if (images.error(); as message) {
      <p class="error" role="alert">{{ message }}</p>
    }
    <ul class="grid" aria-label="Images">
      @for (image of images.items(); track image.id) {
        <li>
          <a [routerLink]="['/images', image.id]">
            <img [lbxImageSource]="image" [alt]="image.title || 'Untitled image'" loading="lazy"
                 [width]="image.width" [height]="image.height" />
            <span class="caption">
              {{ image.title || 'Untitled' }}
              @if (image.visibility === 'private') {
                <span class="muted">· private</span>
              }
            </span>
          </a>
        </li>
      }
    </ul>
    @if (!images.loading() && images.items().length === 0 && !images.error()) {
      <p class="muted" role="status">
        @if (tag() || q()) { No image matches. } @else { No images yet. }
      </p>
    }
    <lbx-load-more [pages]="images" />
  `,
  styles: `
    .heading {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 1rem;
    }
    .grid {
      list-style: none;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
      gap: 0.75rem;
    }
    .grid a {
      display: block;
      color: var(--ink);
      text-decoration: none;
    }
    .grid img {
      width: 100%;
      height: 11rem;
      object-fit: cover;
      border-radius: var(--radius);
      background: var(--surface);
    }
    .caption {
      display: block;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class GalleryPage {
  protected readonly auth = inject(AuthService);
  private readonly api = inject(ImagesApi);
  private readonly router = inject(Router);

  /** From the query string, so a filtered gallery can be bookmarked and shared. */
  readonly tag = input<string>();
  readonly q = input<string>();

  protected readonly images = new CursorPages<Image>((cursor) => this.api.list({ tag: this.tag(), q: this.q() }, cursor));
  /** Private images have tags too: who is looking decides which there are. */
  protected readonly tags = toSignal(
    toObservable(this.auth.user).pipe(switchMap(() => this.api.tags().pipe(catchError(() => of([]))))),
    { initialValue: [] },
  );

  constructor() {
    effect(() => {
      this.tag();
      this.q();
      this.auth.user(); // who is looking decides which images there are
      untracked(() => this.images.restart());
    });
  }

  protected search(event: Event, q: string): void {
    event.preventDefault();
    void this.router.navigate([], { queryParams: { q: q.trim() || null }, queryParamsHandling: 'merge' });
  }

  protected filterByTag(tag: string): void {
    void this.router.navigate([], { queryParams: { tag: tag || null }, queryParamsHandling: 'merge' });
  }
}
