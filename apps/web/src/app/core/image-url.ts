import { DestroyRef, inject, signal } from '@angular/core';
import type { Observable, Subscription } from 'rxjs';

/**
 * The `src` of an image whose bytes an `<img>` cannot fetch itself, because they need a header (a
 * bearer token, a share token): fetched as a blob and shown from an object URL, which is released
 * when another image replaces it and when its owner is destroyed. Create it in an injection context.
 */
export class ImageUrl {
  readonly src = signal<string | null>(null);
  private objectUrl: string | null = null;
  private loading: Subscription | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.release());
  }

  /** Bytes anyone may load: the browser fetches (and caches) them itself. */
  direct(url: string): void {
    this.release();
    this.src.set(url);
  }

  fetch(bytes: Observable<Blob>): void {
    this.release();
    this.src.set(null);
    this.loading = bytes.subscribe({
      next: (blob) => {
        this.objectUrl = URL.createObjectURL(blob);
        this.src.set(this.objectUrl);
      },
      error: () => this.src.set(null),
    });
  }

  private release(): void {
    this.loading?.unsubscribe();
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = null;
  }
}
