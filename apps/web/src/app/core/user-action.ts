import { signal } from '@angular/core';
import { StepUpCancelled } from './auth/step-up';
import { errorMessage } from './error-message';
import { fieldProblems } from './field-problems';

/**
 * One thing a user asked for, run at most once at a time: busy while it runs, its failure in words,
 * and the server's words for each field it refused, for a form to show beside them.
 */
export class UserAction {
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly fieldProblems = signal<ReadonlyMap<string, string>>(new Map());

  /**
   * The failure in words for a form that shows these fields' problems beside them: a pointer to
   * them when that is all there is to say, else the whole message.
   */
  errorBeside(shownFields: readonly string[]): string | null {
    const fields = [...this.fieldProblems().keys()];
    return fields.length && fields.every((field) => shownFields.includes(field)) ? 'Please check the fields marked.' : this.error();
  }

  /**
   * True when the action succeeded; on failure the error is shown, never thrown. A step-up the
   * person cancelled shows nothing: nothing was done, as they chose.
   */
  async run(action: () => Promise<unknown>): Promise<boolean> {
    this.busy.set(true);
    this.error.set(null);
    this.fieldProblems.set(new Map());
    try {
      await action();
      return true;
    } catch (error) {
      if (!(error instanceof StepUpCancelled)) {
        this.error.set(errorMessage(error));
        this.fieldProblems.set(fieldProblems(error));
      }
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
