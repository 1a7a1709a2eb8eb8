import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { LoadFailure } from './error-message';

/** What could not be loaded, in words, and "Try again" when asking again may help: the only way, short of reloading the page. */
@Component({
  selector: 'lbx-load-error',
  template: `
    <div class="load-error">
      <p class="error" role="alert">{{ failure().message }}</p>
      @if (failure().retryable) {
        <button class="button quiet" type="button" (click)="retry.emit()">Try again</button>
      }
    </div>
  `,
  styles: `
    .load-error {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.75rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoadError {
  readonly failure = input.required<LoadFailure>();
  readonly retry = output();
}
