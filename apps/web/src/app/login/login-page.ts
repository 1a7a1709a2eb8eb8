import { afterNextRender, ChangeDetectionStrategy, Component, DestroyRef, ElementRef, inject, Injector, input, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { safeReturnUrl } from '../core/auth/auth-guard';
import { AuthService, type MfaChallenge } from '../core/auth/auth-service';
import { Passkeys } from '../core/auth/passkeys';
import { SecondFactorsApi } from '../core/auth/second-factors-api';
import { errorMessage } from '../core/error-message';
import { JoiningApi } from '../join/joining-api';
import { SecondFactorStep } from './second-factor-step';

/** How a passkey ceremony ends when another one, or the page, stopped it: not a failure to show. */
const isAborted = (error: unknown) => error instanceof Error && error.name === 'AbortError';

@Component({
  selector: 'lbx-login-page',
  imports: [ReactiveFormsModule, RouterLink, SecondFactorStep],
  templateUrl: './login-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly passkeys = inject(Passkeys);
  private readonly factorsApi = inject(SecondFactorsApi);
  private readonly injector = inject(Injector);

  /** From `?returnUrl=`: where the user was going when they were asked to log in. */
  readonly returnUrl = input<string>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });
  protected readonly pending = signal(false);
  protected readonly error = signal<string | null>(null);
  /** Set once the password is right and a second factor is asked for. */
  protected readonly challenge = signal<MfaChallenge | null>(null);
  protected readonly passkeysUsable = this.passkeys.usable();
  /** Whether anyone may make an account here: asked once; no answer, or any refusal, is no. */
  protected readonly signupOpen = signal(false);
  private readonly submitted = signal(false);
  /** The background passkey request of the username field's autofill, while it waits. */
  private autofill: { stopped: boolean } | null = null;
  private readonly usernameInput = viewChild<ElementRef<HTMLInputElement>>('username');
  private readonly passwordInput = viewChild<ElementRef<HTMLInputElement>>('password');
  private readonly errorText = viewChild<ElementRef<HTMLElement>>('errorText');

  constructor() {
    afterNextRender(() => {
      this.usernameInput()?.nativeElement.focus();
      void this.offerPasskeyAutofill();
    });
    inject(DestroyRef).onDestroy(() => this.stopAutofill());
    firstValueFrom(inject(JoiningApi).signupOptions()).then(
      () => this.signupOpen.set(true),
      () => undefined,
    );
  }

  protected showInvalid(field: 'username' | 'password'): boolean {
    return this.submitted() && this.form.controls[field].invalid;
  }

  protected async submit(): Promise<void> {
    this.submitted.set(true);
    if (this.form.invalid) {
      (this.form.controls.username.invalid ? this.usernameInput() : this.passwordInput())?.nativeElement.focus();
      return;
    }
    await this.attempt(async () => {
      const outcome = await this.auth.login(this.form.getRawValue());
      if (outcome.step === 'done') return this.signedIn();
      this.stopAutofill();
      this.challenge.set(outcome.challenge);
    });
  }

  /** A passkey alone: the browser asks which one (the autofill request waiting is ended by this one). */
  protected async signInWithPasskey(): Promise<void> {
    this.stopAutofill();
    await this.attempt(async () => {
      const options = await firstValueFrom(this.factorsApi.passkeyOptions());
      await this.auth.loginWithPasskey(await this.passkeys.authenticate(options));
      await this.signedIn();
    });
  }

  /** A person whose role needs a second factor they lack can only add one, so they go there first. */
  protected async signedIn(): Promise<void> {
    await this.router.navigateByUrl(this.auth.mustEnrol() ? '/settings/security' : safeReturnUrl(this.returnUrl()));
  }

  /** Back to the password, because the person asked to or because the second step's five minutes ran out. */
  protected startOver(timedOut: boolean): void {
    this.challenge.set(null);
    this.form.controls.password.reset();
    this.submitted.set(false);
    this.error.set(timedOut ? 'The sign-in timed out. Enter your password again.' : null);
    afterNextRender(
      () => {
        (timedOut ? this.errorText() : this.passwordInput())?.nativeElement.focus();
        void this.offerPasskeyAutofill();
      },
      { injector: this.injector },
    );
  }

  private async attempt(signIn: () => Promise<void>): Promise<void> {
    this.pending.set(true);
    this.error.set(null);
    try {
      await signIn();
    } catch (error) {
      if (isAborted(error)) return;
      this.showError(errorMessage(error));
    } finally {
      this.pending.set(false);
    }
  }

  /**
   * Conditional UI: where the browser can list passkeys among the username suggestions, a request
   * waits in the background for the person to pick one there. It needs no click, so it starts
   * with the page; leaving the page, or going on with a password or the button, ends it.
   */
  private async offerPasskeyAutofill(): Promise<void> {
    if (this.autofill) return;
    const run = (this.autofill = { stopped: false });
    try {
      if (!(await this.passkeys.autofillUsable())) return;
      const options = await firstValueFrom(this.factorsApi.passkeyOptions());
      if (run.stopped) return;
      const answer = await this.passkeys.authenticate(options, true);
      if (run.stopped) return;
      this.autofill = null;
      await this.attempt(async () => {
        await this.auth.loginWithPasskey(answer);
        await this.signedIn();
      });
    } catch {
      // No options (the server is away), or no passkey picked: the form works as ever.
    } finally {
      if (this.autofill === run) this.autofill = null;
    }
  }

  private stopAutofill(): void {
    if (!this.autofill) return;
    this.autofill.stopped = true;
    this.autofill = null;
    this.passkeys.cancel();
  }

  /** One message: the password is cleared for the next try, and not then called missing. */
  private showError(message: string): void {
    this.error.set(message);
    this.form.controls.password.reset();
    this.submitted.set(false);
    afterNextRender(() => this.errorText()?.nativeElement.focus(), { injector: this.injector });
  }
}
