import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import type { SecondFactors } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../../core/auth/auth-service';
import { mayManageOthers } from '../../core/auth/may-manage-others';
import { hasSecondFactor, SecondFactorsApi } from '../../core/auth/second-factors-api';
import { UserAction } from '../../core/user-action';
import { MfaPolicySection } from './mfa-policy-section';
import { PasskeysSection } from './passkeys-section';
import { PasswordForm } from './password-form';
import { RecoveryCodesSection } from './recovery-codes-section';
import { TotpSection } from './totp-section';

/**
 * How the person signs in: password, passkeys, authenticator app, recovery codes; and, for those
 * who manage people, who must use a second factor. The sections change things; the page keeps
 * the factors they add up to, and acts when the first one arrives.
 */
@Component({
  selector: 'lbx-security-page',
  imports: [MfaPolicySection, PasskeysSection, PasswordForm, RecoveryCodesSection, TotpSection],
  templateUrl: './security-page.html',
  styleUrl: './security-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SecurityPage {
  private readonly api = inject(SecondFactorsApi);
  protected readonly auth = inject(AuthService);

  protected readonly factors = signal<SecondFactors | null>(null);
  protected readonly loading = new UserAction();
  protected readonly managesPolicy = computed(() => mayManageOthers(this.auth.user()));
  private readonly recoveryCodes = viewChild(RecoveryCodesSection);

  constructor() {
    void this.loading.run(() => this.reload());
  }

  /**
   * After a section added or removed something. With the first factor, a session the policy held
   * back gets its role's scopes (a refresh), and, as nobody should have a factor without a way
   * back, recovery codes are made and shown at once.
   */
  protected async factorsChanged(): Promise<void> {
    const hadOne = hasSecondFactor(this.factors());
    await this.loading.run(async () => {
      const factors = await this.reload();
      if (hadOne || !hasSecondFactor(factors)) return;
      if (this.auth.mustEnrol()) await this.auth.refresh();
      if (factors.recovery_codes_left === 0) await this.recoveryCodes()?.generate();
    });
  }

  private async reload(): Promise<SecondFactors> {
    const factors = await firstValueFrom(this.api.factors());
    this.factors.set(factors);
    return factors;
  }
}
