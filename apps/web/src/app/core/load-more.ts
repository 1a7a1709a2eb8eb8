import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { CursorPages } from './cursor-pages';

/** The foot of a paged list: "Load more" while there is a next page, a spinner while one loads. */
@Component({
  selector: 'lbx-load-more',
  template: `
    <div class="actions">
      @if (pages().nextCursor()) {
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
