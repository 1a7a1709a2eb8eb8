import { afterNextRender, ChangeDetectionStrategy, Component, computed, ElementRef, inject, Injector, input, linkedSignal, output, signal, viewChild } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { ErrorCode } from '@lightbox/auth-contracts';
import { AuthService, type MfaChallenge, type SecondFactor } from '../core/auth/auth-service';
import { codeProblem, typedCode } from '../core/auth/one-time-code';
import { Passkeys } from '../core/auth/passkeys';
import { Autofocus } from '../core/autofocus';
import { errorMessage } from '../core/error-message';
import { hasCode } from '../core/problem';

type CodeKind = 'totp' | 'recovery_code';

/**
 * The second step of a login: a code from the authenticator app, a recovery code, or a passkey,
 * whichever the person has. The challenge lasts five minutes and works once: when the server
 * says it has run out, the page goes back to the password (`timedOut`).
 */
@Component({
  selector: 'lbx-second-factor-step',
  imports: [Autofocus, ReactiveFormsModule],
  templateUrl: './second-factor-step.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SecondFactorStep {
  private readonly auth = inject(AuthService);
  private readonly passkeys = inject(Passkeys);
  private readonly injector = inject(Injector);

  readonly challenge = input.required<MfaChallenge>();
  readonly signedIn = output<void>();
  readonly timedOut = output<void>();
  readonly back = output<void>();

  private readonly methods = computed(() => this.challenge().mfa_methods);
  protected readonly offersPasskey = computed(() => this.methods().includes('webauthn') && !!this.challenge().webauthn_options && this.passkeys.usable());
  protected readonly offersBothCodes = computed(() => this.methods().includes('totp') && this.methods().includes('recovery_code'));
  /** The code the form asks for; null when the person has passkeys only. */
  protected readonly kind = linkedSignal<CodeKind | null>(() =>
    this.methods().includes('totp') ? 'totp' : this.methods().includes('recovery_code') ? 'recovery_code' : null,
  );
  protected readonly code = new FormControl('', { nonNullable: true });
  protected readonly pending = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly errorText = viewChild<ElementRef<HTMLElement>>('errorText');

  protected switchTo(kind: CodeKind): void {
    this.kind.set(kind);
    this.code.reset();
    this.error.set(null);
  }

  protected async submit(): Promise<void> {
    const kind = this.kind();
    if (!kind) return;
    const code = typedCode(this.code.value);
    const problem = codeProblem(kind, code);
    if (problem) return this.showError(problem);
    await this.send(async () => (kind === 'totp' ? { totp: code } : { recovery_code: code }));
  }

  protected async usePasskey(): Promise<void> {
    const options = this.challenge().webauthn_options;
    if (options) await this.send(async () => ({ webauthn: await this.passkeys.authenticate(options) }));
  }

  private async send(factor: () => Promise<SecondFactor>): Promise<void> {
    this.pending.set(true);
    this.error.set(null);
    try {
      await this.auth.completeMfa(this.challenge().mfa_token, await factor());
      this.signedIn.emit();
    } catch (error) {
      if (hasCode(error, ErrorCode.InvalidToken)) this.timedOut.emit();
      else this.showError(errorMessage(error));
    } finally {
      this.pending.set(false);
    }
  }

  private showError(message: string): void {
    this.error.set(message);
    this.code.reset();
    afterNextRender(() => this.errorText()?.nativeElement.focus(), { injector: this.injector });
  }
}
