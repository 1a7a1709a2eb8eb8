import { signal } from '@angular/core';
import { StepUpCancelled } from './auth/step-up';
import { errorMessage } from './error-message';

/** One thing a user asked for, run at most once at a time: busy while it runs, its failure in words. */
export class UserAction {
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  /**
   * True when the action succeeded; on failure the error is shown, never thrown. A step-up the
   * person cancelled shows nothing: nothing was done, as they chose.
   */
  async run(action: () => Promise<unknown>): Promise<boolean> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await action();
      return true;
    } catch (error) {
      if (!(error instanceof StepUpCancelled)) this.error.set(errorMessage(error));
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
