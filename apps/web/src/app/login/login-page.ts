import { afterNextRender, ChangeDetectionStrategy, Component, ElementRef, inject, Injector, input, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { safeReturnUrl } from '../core/auth/auth-guard';
import { AuthService } from '../core/auth/auth-service';
import { errorMessage } from '../core/error-message';

@Component({
  selector: 'lbx-login-page',
  imports: [ReactiveFormsModule],
  template: `
    <h1>Log in</h1>
    <form class="form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <label class="field">
        <span>Username</span>
        <input #username formControlName="username" autocomplete="username" autocapitalize="none" spellcheck="false" required
               [attr.aria-invalid]="showInvalid('username')" aria-describedby="username-error" />
        @if (showInvalid('username')) {
          <span id="username-error" class="error">Enter your username.</span>
        }
      </label>
      <label class="field">
        <span>Password</span>
        <input #password formControlName="password" type="password" autocomplete="current-password" required
               [attr.aria-invalid]="showInvalid('password')" aria-describedby="password-error" />
        @if (showInvalid('password')) {
          <span id="password-error" class="error">Enter your password.</span>
        }
      </label>
      @if (error(); as message) {
        <p #errorText class="error" role="alert" tabindex="-1">{{ message }}</p>
      }
      <div class="actions">
        <button class="button" type="submit" [disabled]="pending()">
          @if (pending()) {
            <span class="spinner" aria-hidden="true"></span> Logging in…
          } @else {
            Log in
          }
        </button>
      </div>
    </form>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  /** From `?returnUrl=`: where the user was going when they were asked to log in. */
  readonly returnUrl = input<string>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });
  protected readonly pending = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly submitted = signal(false);
  private readonly usernameInput = viewChild.required<ElementRef<HTMLInputElement>>('username');
  private readonly passwordInput = viewChild.required<ElementRef<HTMLInputElement>>('password');
  private readonly errorText = viewChild<ElementRef<HTMLElement>>('errorText');

  private readonly injector = inject(Injector);

  constructor() {
    afterNextRender(() => this.usernameInput().nativeElement.focus());
  }

  protected showInvalid(field: 'username' | 'password'): boolean {
    return this.submitted() && this.form.controls[field].invalid;
  }

  protected async submit(): Promise<void> {
    this.submitted.set(true);
    if (this.form.invalid) {
      (this.form.controls.username.invalid ? this.usernameInput() : this.passwordInput()).nativeElement.focus();
      return;
    }
    this.pending.set(true);
    this.error.set(null);
    try {
      await this.auth.login(this.form.getRawValue());
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (error) {
      this.error.set(errorMessage(error));
      this.form.controls.password.reset();
      afterNextRender(() => this.errorText()?.nativeElement.focus(), { injector: this.injector });
    } finally {
      this.pending.set(false);
    }
  }
}
