import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../../core/auth/auth-service';
import { PasswordRules } from '../../core/password-rules';
import { UserAction } from '../../core/user-action';
import { SecurityApi } from './security-api';

/** Changing one's own password: the current one proves it is them; every other session ends. */
@Component({
  selector: 'lbx-password-form',
  imports: [PasswordRules, ReactiveFormsModule],
  template: `
    <section aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form class="form" [formGroup]="form" (ngSubmit)="change()" novalidate>
        <label class="field">
          <span>Current password</span>
          <input formControlName="current" type="password" autocomplete="current-password" required />
        </label>
        <div class="field">
          <label class="field">
            <span>New password</span>
            <input formControlName="next" type="password" autocomplete="new-password" required [attr.maxlength]="maxPassword"
                   aria-describedby="new-password-rules" />
          </label>
          <lbx-password-rules id="new-password-rules" [password]="next()" [username]="username()" />
        </div>
        @if (formProblem() ?? action.error(); as message) {
          <p class="error" role="alert">{{ message }}</p>
        }
        @if (changed()) {
          <p role="status">Your password is changed. Every other session has been logged out.</p>
        }
        <div class="actions">
          <button class="button" type="submit" [disabled]="action.busy()">Change password</button>
        </div>
      </form>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PasswordForm {
  private readonly api = inject(SecurityApi);
  private readonly auth = inject(AuthService);

  protected readonly maxPassword = PASSWORD_MAX_LENGTH;
  protected readonly action = new UserAction();
  protected readonly formProblem = signal<string | null>(null);
  protected readonly changed = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    current: ['', Validators.required],
    next: ['', Validators.required],
  });
  protected readonly next = toSignal(this.form.controls.next.valueChanges, { initialValue: '' });
  protected readonly username = computed(() => this.auth.user()?.username ?? '');

  protected async change(): Promise<void> {
    const { current, next } = this.form.getRawValue();
    this.changed.set(false);
    // Counted in code points, as the API counts them.
    this.formProblem.set(!current ? 'Enter your current password.' : [...next].length < PASSWORD_MIN_LENGTH ? `Use at least ${PASSWORD_MIN_LENGTH} characters.` : null);
    if (this.formProblem()) return;
    const done = await this.action.run(() => firstValueFrom(this.api.changePassword({ current_password: current, new_password: next })));
    if (done) this.form.reset();
    this.changed.set(done);
  }
}
