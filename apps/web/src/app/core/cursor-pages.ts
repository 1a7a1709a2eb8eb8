import { DestroyRef, inject, signal } from '@angular/core';
import type { Observable, Subscription } from 'rxjs';
import { loadFailure, type LoadFailure } from './error-message';

interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/**
 * A list the API hands out a page at a time (`next_cursor`). Starting over cancels a page still
 * loading, so rows of an old filter never mix into the new list. Create it in an injection context.
 */
export class CursorPages<T> {
  readonly items = signal<T[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly loading = signal(false);
  readonly error = signal<LoadFailure | null>(null);
  private request: Subscription | null = null;
  /** The cursor of the page asked for last: what a retry asks for again. */
  private lastCursor: string | null = null;

  constructor(private readonly fetchPage: (cursor: string | null) => Observable<Page<T>>) {
    inject(DestroyRef).onDestroy(() => this.request?.unsubscribe());
  }

  /** The first page, replacing what is shown. */
  restart(): void {
    this.load(null);
  }

  more(): void {
    this.load(this.nextCursor());
  }

  /** The page that failed, again: the first one, or the one after what is shown. */
  retry(): void {
    this.load(this.lastCursor);
  }

  private load(cursor: string | null): void {
    this.lastCursor = cursor;
    this.loading.set(true);
    this.error.set(null);
    this.request?.unsubscribe();
    this.request = this.fetchPage(cursor).subscribe({
      next: (page) => {
        this.items.update((shown) => (cursor ? [...shown, ...page.items] : page.items));
        this.nextCursor.set(page.next_cursor);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.error.set(loadFailure(error));
        this.loading.set(false);
      },
    });
  }
}
