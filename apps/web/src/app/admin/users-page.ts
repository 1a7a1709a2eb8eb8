import { DatePipe } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import {
  type CreateUserRequest,
  PASSWORD_MIN_LENGTH,
  PASSWORD_MAX_LENGTH,
  type UpdateUserRequest,
  type User,
  type UserList,
} from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { API_BASE } from '../core/api';
import { Autofocus } from '../core/autofocus';
import { UserAction } from '../core/user-action';

const USERS = `${API_BASE}/users`;
type AssignableRole = CreateUserRequest['role'];

/** Every role but owner: there is one owner, made at start-up. */
const ASSIGNABLE_ROLES: readonly { role: AssignableRole; label: string }[] = [
  { role: 'viewer', label: 'Viewer: sees private images' },
  { role: 'editor', label: 'Editor: uploads, changes own images' },
  { role: 'admin', label: 'Admin: everything' },
];

@Component({
  selector: 'lbx-users-page',
  imports: [Autofocus, DatePipe, ReactiveFormsModule],
  template: `
    <h1>Users</h1>
    @if (managing.error(); as message) {
      <p class="error" role="alert">{{ message }}</p>
    }
    @if (notice(); as message) {
      <p role="status">{{ message }}</p>
    }
    <div class="table-wrap">
      <table>
        <thead>
          <tr><th scope="col">Username</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Created</th>
            <th scope="col">Password</th></tr>
        </thead>
        <tbody>
          @for (user of users(); track user.id) {
            <tr>
              <td>{{ user.username }}</td>
              <td>
                @if (user.role === 'owner') {
                  owner
                } @else {
                  <select #role (change)="changeRole(user, role)"
                          [attr.aria-label]="'Role of ' + user.username">
                    @for (option of roles; track option.role) {
                      <option [value]="option.role" [selected]="option.role === user.role">{{ option.role }}</option>
                    }
                  </select>
                }
              </td>
              <td>
                <span [class]="user.active ? 'status-active' : 'status-revoked'">{{ user.active ? 'active' : 'deactivated' }}</span>
                @if (user.role !== 'owner') {
                  <button type="button" class="button quiet" (click)="change(user, { active: !user.active })" [disabled]="managing.busy()"
                          [attr.aria-label]="(user.active ? 'Deactivate ' : 'Activate ') + user.username">
                    {{ user.active ? 'Deactivate' : 'Activate' }}
                  </button>
                }
              </td>
              <td>{{ user.created_at | date: 'mediumDate' }}</td>
              <td>
                @if (resetting() === user.id) {
                  <form class="actions" (submit)="resetPassword($event, user, password.value)">
                    <input lbxAutofocus #password type="password" autocomplete="new-password" [attr.maxlength]="maxPassword"
                           [attr.aria-label]="'New password for ' + user.username" />
                    <button class="button" type="submit" [disabled]="managing.busy()">Set</button>
                    <button class="button quiet" type="button" (click)="resetting.set(null)">Cancel</button>
                  </form>
                } @else {
                  <button type="button" class="button quiet" (click)="resetting.set(user.id)"
                          [attr.aria-label]="'Reset the password of ' + user.username + '…'">Reset…</button>
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>

    <h2>New user</h2>
    <form class="form" [formGroup]="form" (ngSubmit)="create()">
      <label class="field">
        <span>Username</span>
        <input formControlName="username" autocomplete="off" autocapitalize="none" spellcheck="false" required />
        <span class="hint">3–64 letters, digits, dots, dashes or underscores.</span>
      </label>
      <label class="field">
        <span>Password</span>
        <input formControlName="password" type="password" autocomplete="new-password" required />
        <span class="hint">At least {{ minPassword }} characters, not a common password.</span>
      </label>
      <label class="field">
        <span>Role</span>
        <select formControlName="role">
          @for (option of roles; track option.role) {
            <option [value]="option.role">{{ option.label }}</option>
          }
        </select>
      </label>
      @if (creating.error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      <div class="actions">
        <button class="button" type="submit" [disabled]="creating.busy() || form.invalid">Create user</button>
      </div>
    </form>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersPage {
  private readonly http = inject(HttpClient);

  protected readonly roles = ASSIGNABLE_ROLES;
  protected readonly minPassword = PASSWORD_MIN_LENGTH;
  protected readonly maxPassword = PASSWORD_MAX_LENGTH;
  protected readonly users = signal<User[]>([]);
  protected readonly resetting = signal<string | null>(null);
  protected readonly creating = new UserAction();
  protected readonly managing = new UserAction();
  protected readonly notice = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    password: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
    role: ['viewer' as AssignableRole],
  });

  constructor() {
    void this.managing.run(() => this.reload());
  }

  protected async create(): Promise<void> {
    this.notice.set(null);
    await this.creating.run(async () => {
      const user = await firstValueFrom(this.http.post<User>(USERS, this.form.getRawValue()));
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
    const changed = await this.managing.run(() => firstValueFrom(this.http.patch<User>(`${USERS}/${user.id}`, change)));
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
    const reset = await this.managing.run(() => firstValueFrom(this.http.patch<User>(`${USERS}/${user.id}`, { password })));
    if (reset) {
      this.resetting.set(null);
      this.notice.set(`${user.username} has a new password.`);
    }
  }

  private async reload(): Promise<void> {
    this.users.set((await firstValueFrom(this.http.get<UserList>(USERS))).items);
  }
}
