import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { CursorPages } from './cursor-pages';
import { LoadError } from './load-error';

/**
 * The foot of a paged list: "Load more" while there is a next page, a spinner while one loads, and
 * when a page fails, why, with "Try again" for that page.
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
}
