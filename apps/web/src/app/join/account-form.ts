import { afterNextRender, ChangeDetectionStrategy, Component, computed, effect, ElementRef, inject, Injector, input, linkedSignal, output, signal, untracked, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { PASSWORD_MAX_LENGTH, type SignupRequest } from '@lightbox/auth-contracts';
import { errorMessage } from '../core/error-message';
import { PasswordRules, passwordRules } from '../core/password-rules';
import { fieldProblems } from '../core/field-problems';

/** What a person chooses for a new account: a sign-up's request, and an invitation's but for its token. */
export type NewAccount = SignupRequest;

type Field = keyof NewAccount;
type FieldErrors = Partial<Record<Field, string>>;

/** The server's words for the fields this form has. */
function fieldErrorsOf(refusal: unknown): FieldErrors {
  const problems = fieldProblems(refusal);
  return { username: problems.get('username'), password: problems.get('password') };
}

/**
 * The username and password of a new account, for joining with an invitation and for sign-up
 * alike. The password's rules are ticked off as it is typed; the page sends the account and hands
 * back the server's refusal, whose words go beside the field it named (until that field is
 * changed), or below the form when it named none.
 */
@Component({
  selector: 'lbx-account-form',
  imports: [PasswordRules, ReactiveFormsModule],
  templateUrl: './account-form.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountForm {
  private readonly injector = inject(Injector);
  private readonly usernameInput = viewChild.required<ElementRef<HTMLInputElement>>('usernameInput');
  private readonly passwordInput = viewChild.required<ElementRef<HTMLInputElement>>('passwordInput');
  private readonly problemText = viewChild<ElementRef<HTMLElement>>('problemText');

  /** The words of the button: what sending the form does. */
  readonly action = input.required<string>();
  readonly busy = input(false);
  /** The server's answer to the last try, when it was no. */
  readonly refusal = input<unknown>(null);
  readonly submitted = output<NewAccount>();

  protected readonly maxPassword = PASSWORD_MAX_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({ username: [''], password: [''] });
  protected readonly username = toSignal(this.form.controls.username.valueChanges, { initialValue: '' });
  protected readonly password = toSignal(this.form.controls.password.valueChanges, { initialValue: '' });
  private readonly rules = computed(() => passwordRules(this.password(), this.username()));
  private readonly tried = signal(false);
  private readonly serverErrors = linkedSignal(() => fieldErrorsOf(this.refusal()));
  protected readonly problem = computed(() => {
    const refusal = this.refusal();
    const { username, password } = fieldErrorsOf(refusal);
    return refusal && !username && !password ? errorMessage(refusal) : null;
  });

  constructor() {
    // A refusal brings focus to what it is about: the field it named, else its words.
    effect(() => {
      if (!this.refusal()) return;
      untracked(() => afterNextRender(() => this.focusFirstProblem(), { injector: this.injector }));
    });
  }

  protected errorOf(field: Field): string | null {
    const fromServer = this.serverErrors()[field];
    if (fromServer) return fromServer;
    if (!this.tried()) return null;
    if (field === 'username') return this.username() ? null : 'Choose a username.';
    return this.rules().some((rule) => rule.met === false) ? 'Choose a password that follows the rules.' : null;
  }

  /** A field changed since the server refused it: its words no longer apply. */
  protected edited(field: Field): void {
    if (this.serverErrors()[field]) this.serverErrors.update((errors) => ({ ...errors, [field]: undefined }));
  }

  protected submit(): void {
    this.tried.set(true);
    if (this.errorOf('username') || this.errorOf('password')) {
      this.focusFirstProblem();
      return;
    }
    this.submitted.emit(this.form.getRawValue());
  }

  private focusFirstProblem(): void {
    const target = this.errorOf('username') ? this.usernameInput() : this.errorOf('password') ? this.passwordInput() : this.problemText();
    target?.nativeElement.focus();
  }
}
