import { afterRenderEffect, booleanAttribute, ChangeDetectionStrategy, Component, DestroyRef, ElementRef, inject, input, signal } from '@angular/core';
import type { CursorPages } from './cursor-pages';
import { LoadError } from './load-error';

/** How near the foot of the list may come to the bottom of the screen before the next page is asked for. */
const AHEAD_PX = 800;

/**
 * The foot of a paged list: "Load more" while there is a next page, a spinner while one loads, and
 * when a page fails, why, with "Try again" for that page. With `scrolling`, the next page also
 * comes by itself as the foot nears the screen (the button stays, for keyboards and screen readers);
 * a failed page waits for "Try again", so a broken connection is not asked again and again.
 */
@Component({
  selector: 'lbx-load-more',
  imports: [LoadError],
  template: `
    @if (pages().error(); as failure) {
      <lbx-load-error [failure]="failure" (retry)="pages().retry()" />
    }
    <div class="actions">
      @if (pages().nextCursor() && !pages().error()) {
        <button class="button quiet" type="button" (click)="pages().more()" [disabled]="pages().loading()">Load more</button>
      }
      @if (pages().loading()) {
        <span class="spinner" role="status" aria-label="Loading"></span>
      }
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoadMore {
  readonly pages = input.required<CursorPages<unknown>>();
  readonly scrolling = input(false, { transform: booleanAttribute });

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  /** Moves of the foot in and out of reach: each asks the question below again. */
  private readonly nearScreen = signal(false);

  constructor() {
    if (typeof IntersectionObserver === 'function') {
      const observer = new IntersectionObserver(([entry]) => this.nearScreen.set(entry.isIntersecting), { rootMargin: `${AHEAD_PX}px` });
      observer.observe(this.host);
      inject(DestroyRef).onDestroy(() => observer.disconnect());
    }
    // After rendering, so that the page just added has pushed the foot down before it is measured.
    afterRenderEffect(() => {
      const pages = this.pages();
      if (!this.scrolling() || !this.nearScreen() || !pages.nextCursor() || pages.loading() || pages.error()) return;
      if (this.host.getBoundingClientRect().top < window.innerHeight + AHEAD_PX) pages.more();
    });
  }
}
