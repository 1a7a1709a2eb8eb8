import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { type Role, ROLES } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { UserAction } from '../../core/user-action';
import { SecurityApi } from './security-api';

/** Which roles must use a second factor; for those who manage people (users:manage). */
@Component({
  selector: 'lbx-mfa-policy-section',
  template: `
    <section aria-labelledby="policy-title">
      <h2 id="policy-title">Who must use a second factor</h2>
      <p class="muted">People in these roles who have no passkey or authenticator app can only add one when they next sign in.</p>
      <form class="form" (submit)="$event.preventDefault(); save()">
        <fieldset>
          <legend>Roles</legend>
          @for (role of roles; track role) {
            <label><input type="checkbox" [checked]="required().has(role)" (change)="toggle(role)" [disabled]="!loaded()" /> {{ role }}</label>
          }
        </fieldset>
        @if (action.error(); as message) {
          <p class="error" role="alert">{{ message }}</p>
        }
        @if (saved()) {
          <p role="status">Saved.</p>
        }
        <div class="actions">
          <button class="button" type="submit" [disabled]="action.busy() || !loaded()">Save the policy</button>
        </div>
      </form>
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MfaPolicySection {
  private readonly api = inject(SecurityApi);

  protected readonly roles = ROLES;
  protected readonly required = signal(new Set<Role>());
  protected readonly loaded = signal(false);
  protected readonly saved = signal(false);
  protected readonly action = new UserAction();

  constructor() {
    void this.action.run(async () => {
      this.required.set(new Set((await firstValueFrom(this.api.policy())).mfa_required_roles));
      this.loaded.set(true);
    });
  }

  protected toggle(role: Role): void {
    this.saved.set(false);
    this.required.update((roles) => {
      const next = new Set(roles);
      if (!next.delete(role)) next.add(role);
      return next;
    });
  }

  protected async save(): Promise<void> {
    // In the contract's order, so the same policy is always sent the same way.
    const mfa_required_roles = ROLES.filter((role) => this.required().has(role));
    this.saved.set(await this.action.run(() => firstValueFrom(this.api.setPolicy({ mfa_required_roles }))));
  }
}
