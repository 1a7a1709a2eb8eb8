import { DatePipe } from '@angular/common';
import { HttpClient, HttpParams } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { AUDIT_ACTIONS, type AuditEvent, type AuditPage as AuditEventPage, type AuditQuery } from '@lightbox/auth-contracts';
import { API_BASE } from '../core/api';
import { CursorPages } from '../core/cursor-pages';
import { LoadMore } from '../core/load-more';

type AuditFilter = Pick<AuditQuery, 'action' | 'actor'>;

@Component({
  selector: 'lbx-audit-page',
  imports: [DatePipe, LoadMore],
  template: `
    <h1>Audit log</h1>
    <form class="filters" (submit)="filter($event, { action: $any(action.value) || undefined, actor: actor.value.trim() || undefined })">
      <label class="field">
        <span>Event</span>
        <select #action>
          <option value="">All events</option>
          @for (name of actions; track name) {
            <option [value]="name">{{ name }}</option>
          }
        </select>
      </label>
      <label class="field">
        <span>Actor</span>
        <input #actor placeholder="username" />
      </label>
      <button class="button quiet" type="submit">Filter</button>
    </form>
    @if (events.error(); as message) {
      <p class="error" role="alert">{{ message }}</p>
    }
    <div class="table-wrap">
      <table>
        <thead>
          <tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Outcome</th><th scope="col">Actor</th>
            <th scope="col">Target</th><th scope="col">IP</th></tr>
        </thead>
        <tbody>
          @for (event of events.items(); track event.id) {
            <tr>
              <td>{{ event.at | date: 'medium' }}</td>
              <td><code>{{ event.action }}</code></td>
              <td [class]="event.outcome === 'success' ? 'status-active' : 'status-revoked'">{{ event.outcome }}</td>
              <td>{{ event.actor ?? '—' }}</td>
              <td>{{ event.target ?? '—' }}</td>
              <td>{{ event.ip ?? '—' }}</td>
            </tr>
          } @empty {
            <tr><td colspan="6" class="muted">No events.</td></tr>
          }
        </tbody>
      </table>
    </div>
    <lbx-load-more [pages]="events" />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditPage {
  private readonly http = inject(HttpClient);

  protected readonly actions = AUDIT_ACTIONS;
  private current: AuditFilter = {};
  protected readonly events = new CursorPages<AuditEvent>((cursor) => {
    let params = new HttpParams();
    if (this.current.action) params = params.set('action', this.current.action);
    if (this.current.actor) params = params.set('actor', this.current.actor);
    if (cursor) params = params.set('cursor', cursor);
    return this.http.get<AuditEventPage>(`${API_BASE}/audit-events`, { params });
  });

  constructor() {
    this.events.restart();
  }

  protected filter(event: Event, filter: AuditFilter): void {
    event.preventDefault();
    this.current = filter;
    this.events.restart();
  }
}
