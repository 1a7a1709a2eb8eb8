import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { Session } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../core/auth/auth-service';
import { UserAction } from '../core/user-action';
import { deviceName } from './device-name';
import { SessionsApi } from './sessions-api';
import { CardTable } from '../core/card-table';

@Component({
  selector: 'lbx-sessions-page',
  imports: [CardTable, DatePipe],
  template: `
    <h1>Sessions</h1>
    <p class="muted">Every browser or program signed in as you. Revoke one you do not recognise.</p>
    @if (action.error(); as message) {
      <p class="error" role="alert">{{ message }}</p>
    }
    <div class="table-wrap">
      <table lbxCards>
        <thead>
          <tr><th scope="col">Device</th><th scope="col">IP</th><th scope="col">Signed in</th><th scope="col">Last active</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th></tr>
        </thead>
        <tbody>
          @for (session of sessions(); track session.id) {
            <tr>
              <td>
                @if (session.user_agent) {
                  <details class="device">
                    <summary>{{ deviceOf(session) }} @if (session.current) { <strong>(this browser)</strong> }</summary>
                    <code>{{ session.user_agent }}</code>
                  </details>
                } @else {
                  {{ deviceOf(session) }} @if (session.current) { <strong>(this browser)</strong> }
                }
              </td>
              <td>{{ session.ip ?? '—' }}</td>
              <td>{{ session.created_at | date: 'medium' }}</td>
              <td>{{ session.last_used_at | date: 'medium' }}</td>
              <td><button type="button" class="button quiet" (click)="revoke(session)" [disabled]="action.busy()"
                          [attr.aria-label]="'Revoke the session of ' + deviceOf(session) + ' from ' + (session.created_at | date: 'medium')">Revoke</button></td>
            </tr>
          }
        </tbody>
      </table>
    </div>
    <div class="actions">
      <button type="button" class="button danger" (click)="logOutEverywhere()" [disabled]="action.busy()">Log out everywhere</button>
    </div>
  `,
  styles: `
    .device code {
      display: block;
      overflow-wrap: anywhere;
      font-size: 0.8rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SessionsPage {
  private readonly api = inject(SessionsApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly sessions = signal<Session[]>([]);
  protected readonly action = new UserAction();
  protected readonly deviceOf = (session: Session) => deviceName(session.user_agent);

  constructor() {
    void this.action.run(() => this.reload());
  }

  protected async revoke(session: Session): Promise<void> {
    await this.action.run(async () => {
      await firstValueFrom(this.api.revoke(session.id));
      if (session.current) return this.signedOut();
      return this.reload();
    });
  }

  protected async logOutEverywhere(): Promise<void> {
    await this.action.run(async () => {
      await firstValueFrom(this.api.revokeAll());
      await this.signedOut();
    });
  }

  /** This browser's own session is gone: forget it here and in the other tabs too. */
  private async signedOut(): Promise<void> {
    await this.auth.logout();
    await this.router.navigateByUrl('/login');
  }

  private async reload(): Promise<void> {
    this.sessions.set(await firstValueFrom(this.api.list()));
  }
}
