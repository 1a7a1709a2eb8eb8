import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { type ManagedUser, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, type UpdateUserRequest, type User } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { Autofocus } from '../core/autofocus';
import { PasswordRules } from '../core/password-rules';
import { UserAction } from '../core/user-action';
import { ASSIGNABLE_ROLES, type AssignableRole } from './assignable-roles';
import { InvitationsSection } from './invitations-section';
import { UsersApi } from './users-api';
import { CardTable } from '../core/card-table';

@Component({
  selector: 'lbx-users-page',
  imports: [Autofocus, CardTable, DatePipe, InvitationsSection, PasswordRules, ReactiveFormsModule],
  templateUrl: './users-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersPage {
  private readonly api = inject(UsersApi);

  protected readonly roles = ASSIGNABLE_ROLES;
  protected readonly maxPassword = PASSWORD_MAX_LENGTH;
  protected readonly users = signal<ManagedUser[]>([]);
  protected readonly resetting = signal<string | null>(null);
  protected readonly creating = new UserAction();
  protected readonly managing = new UserAction();
  protected readonly notice = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    password: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
    role: ['viewer' as AssignableRole],
  });
  protected readonly newUsername = toSignal(this.form.controls.username.valueChanges, { initialValue: '' });
  protected readonly newPassword = toSignal(this.form.controls.password.valueChanges, { initialValue: '' });

  constructor() {
    void this.managing.run(() => this.reload());
  }

  protected async create(): Promise<void> {
    this.notice.set(null);
    await this.creating.run(async () => {
      const user = await firstValueFrom(this.api.create(this.form.getRawValue()));
      this.form.reset();
      this.notice.set(`${user.username} can log in now.`);
      await this.reload();
    });
  }

  /**
   * The select stays enabled (disabling it would drop keyboard focus); a change picked while
   * another is on its way, or refused, shows what the server holds again.
   */
  protected async changeRole(user: User, select: HTMLSelectElement): Promise<void> {
    if (this.managing.busy() || !(await this.change(user, { role: select.value as AssignableRole }))) select.value = user.role;
  }

  /** True when the server took the change; the list is read again either way. */
  protected async change(user: User, change: UpdateUserRequest): Promise<boolean> {
    this.notice.set(null);
    const changed = await this.managing.run(() => firstValueFrom(this.api.update(user.id, change)));
    if (changed) {
      this.notice.set(change.active === false ? `${user.username} is deactivated: their sessions and keys have ended.` : `${user.username} is changed.`);
      await this.managing.run(() => this.reload());
    }
    return changed;
  }

  protected async resetPassword(event: Event, user: User, password: string): Promise<void> {
    event.preventDefault();
    this.notice.set(null);
    if ([...password].length < PASSWORD_MIN_LENGTH) {
      this.managing.error.set(`Use at least ${PASSWORD_MIN_LENGTH} characters.`);
      return;
    }
    const reset = await this.managing.run(() => firstValueFrom(this.api.update(user.id, { password })));
    if (reset) {
      this.resetting.set(null);
      this.notice.set(`${user.username} has a new password.`);
    }
  }

  private async reload(): Promise<void> {
    this.users.set(await firstValueFrom(this.api.list()));
  }
}
