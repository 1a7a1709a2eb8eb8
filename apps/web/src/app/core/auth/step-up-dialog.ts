import { afterNextRender, afterRenderEffect, ChangeDetectionStrategy, Component, computed, ElementRef, inject, Injector, signal, viewChild } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import type { ReauthRequest, SecondFactors } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { Autofocus } from '../autofocus';
import { FocusReturn } from '../dialog-focus';
import { UserAction } from '../user-action';
import { AuthService } from './auth-service';
import { codeProblem, typedCode } from './one-time-code';
import { Passkeys } from './passkeys';
import { SecondFactorsApi } from './second-factors-api';
import { StepUp } from './step-up';

type Way = keyof ReauthRequest;
type CodeWay = Exclude<Way, 'webauthn'>;

/**
 * The re-authentication dialog: open while StepUp is asking, for every request waiting on it.
 * A native modal <dialog>: the page behind is inert (focus stays inside), Escape cancels, and
 * focus goes back where it was when it closes.
 */
@Component({
  selector: 'lbx-step-up-dialog',
  imports: [Autofocus, ReactiveFormsModule],
  templateUrl: './step-up-dialog.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StepUpDialog {
  private readonly stepUp = inject(StepUp);
  private readonly auth = inject(AuthService);
  private readonly api = inject(SecondFactorsApi);
  private readonly passkeys = inject(Passkeys);
  private readonly injector = inject(Injector);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly errorText = viewChild<ElementRef<HTMLElement>>('errorText');
  private readonly focusReturn = new FocusReturn();

  protected readonly factors = signal<SecondFactors | null>(null);
  /** Only the person's strongest factor passes, so only it is offered (the API says which). */
  protected readonly ways = computed(() => this.factors()?.step_up_methods ?? []);
  protected readonly way = signal<Way | null>(null);
  /** The way chosen, when it is a secret typed into the form. */
  protected readonly codeWay = computed(() => {
    const way = this.way();
    return way === 'webauthn' ? null : way;
  });
  protected readonly passkeysUsable = this.passkeys.usable();
  protected readonly loading = new UserAction();
  protected readonly proving = new UserAction();
  /** What the form finds wrong before anything is sent. */
  protected readonly formProblem = signal<string | null>(null);
  protected readonly secret = new FormControl('', { nonNullable: true });
  protected readonly invalid = computed(() => (this.formProblem() ?? this.proving.error()) !== null || null);

  constructor() {
    afterRenderEffect(() => {
      const dialog = this.dialog().nativeElement;
      const asking = this.stepUp.asking();
      if (asking && !dialog.open) this.open(dialog);
      else if (!asking && dialog.open) dialog.close();
    });
  }

  protected use(way: Way | null): void {
    this.way.set(way);
    this.secret.reset();
    this.formProblem.set(null);
    this.proving.error.set(null);
  }

  protected async submit(way: CodeWay): Promise<void> {
    // A password is taken as typed; a code without the spaces an app shows in it.
    const value = way === 'password' ? this.secret.value : typedCode(this.secret.value);
    this.formProblem.set(this.problemWith(way, value));
    if (this.formProblem()) return this.focusError();
    const proof: ReauthRequest = way === 'password' ? { password: value } : way === 'totp' ? { totp: value } : { recovery_code: value };
    await this.prove(() => this.auth.reauthenticate(proof));
  }

  protected async usePasskey(): Promise<void> {
    this.formProblem.set(null);
    await this.prove(async () => {
      const options = await firstValueFrom(this.api.passkeyOptions());
      await this.auth.reauthenticate({ webauthn: await this.passkeys.authenticate(options) });
    });
  }

  protected cancel(): void {
    this.dialog().nativeElement.close();
  }

  /** Every way the dialog closes (Cancel, Escape, a confirmed proof) ends here. */
  protected closed(): void {
    if (this.stepUp.asking()) this.stepUp.finish(false);
    this.focusReturn.closed(this.dialog().nativeElement);
  }

  private open(dialog: HTMLDialogElement): void {
    this.factors.set(null);
    this.use(null);
    this.focusReturn.showModal(dialog, this.stepUp.opener());
    void this.loading.run(async () => {
      const factors = await firstValueFrom(this.api.factors());
      this.factors.set(factors);
      this.way.set(factors.step_up_methods[0]);
    });
  }

  private async prove(proof: () => Promise<unknown>): Promise<void> {
    if (await this.proving.run(proof)) {
      this.stepUp.finish(true);
      this.dialog().nativeElement.close();
      return;
    }
    this.secret.reset();
    this.focusError();
  }

  private problemWith(way: CodeWay, value: string): string | null {
    if (way === 'password') return value ? null : 'Enter your password.';
    return codeProblem(way, value);
  }

  private focusError(): void {
    afterNextRender(() => this.errorText()?.nativeElement.focus(), { injector: this.injector });
  }
}
