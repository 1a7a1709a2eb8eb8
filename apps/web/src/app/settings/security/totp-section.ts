import { afterNextRender, ChangeDetectionStrategy, Component, ElementRef, inject, Injector, input, output, signal, viewChild } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import type { TotpEnrolment } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { codeProblem, typedCode } from '../../core/auth/one-time-code';
import { Autofocus } from '../../core/autofocus';
import { copyOrSelect } from '../../core/clipboard';
import { UserAction } from '../../core/user-action';
import { SecurityApi } from './security-api';

/**
 * The authenticator app: set up (a QR code, the secret as text for those who cannot scan it, and
 * a first code to prove the app has it), or removed after a confirm.
 */
@Component({
  selector: 'lbx-totp-section',
  imports: [Autofocus, ReactiveFormsModule],
  templateUrl: './totp-section.html',
  styleUrl: './totp-section.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TotpSection {
  private readonly api = inject(SecurityApi);
  private readonly injector = inject(Injector);

  readonly enrolled = input.required<boolean>();
  /** The app was set up or removed: the factors the page shows have changed. */
  readonly changed = output<void>();

  protected readonly enrolment = signal<TotpEnrolment | null>(null);
  protected readonly confirmingRemoval = signal(false);
  protected readonly copied = signal(false);
  protected readonly action = new UserAction();
  protected readonly formProblem = signal<string | null>(null);
  protected readonly code = new FormControl('', { nonNullable: true });
  private readonly setupHeading = viewChild<ElementRef<HTMLElement>>('setupHeading');

  protected async start(): Promise<void> {
    await this.action.run(async () => {
      this.enrolment.set(await firstValueFrom(this.api.enrolTotp()));
      this.code.reset();
      this.copied.set(false);
      afterNextRender(() => this.setupHeading()?.nativeElement.focus(), { injector: this.injector });
    });
  }

  protected async confirm(): Promise<void> {
    const code = typedCode(this.code.value);
    this.formProblem.set(codeProblem('totp', code));
    if (this.formProblem()) return;
    const confirmed = await this.action.run(() => firstValueFrom(this.api.confirmTotp({ code })));
    if (!confirmed) return this.code.reset();
    this.enrolment.set(null);
    this.changed.emit();
  }

  /** An enrolment not confirmed is not in force: dropping it here is all it takes. */
  protected abandon(): void {
    this.enrolment.set(null);
    this.formProblem.set(null);
    this.action.error.set(null);
  }

  protected async remove(): Promise<void> {
    const removed = await this.action.run(() => firstValueFrom(this.api.removeTotp()));
    this.confirmingRemoval.set(false);
    if (removed) this.changed.emit();
  }

  protected async copy(secret: string, shown: HTMLElement): Promise<void> {
    if (await copyOrSelect(secret, shown)) this.copied.set(true);
  }
}
