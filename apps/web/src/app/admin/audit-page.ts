import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { AUDIT_ACTIONS, type AuditEvent } from '@lightbox/auth-contracts';
import { CursorPages } from '../core/cursor-pages';
import { LoadMore } from '../core/load-more';
import { oneOf } from '../core/one-of';
import { AuditApi, type AuditFilter } from './audit-api';

@Component({
  selector: 'lbx-audit-page',
  imports: [DatePipe, LoadMore],
  templateUrl: './audit-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditPage {
  private readonly api = inject(AuditApi);

  protected readonly actions = AUDIT_ACTIONS;
  private current: AuditFilter = {};
  protected readonly events = new CursorPages<AuditEvent>((cursor) => this.api.list(this.current, cursor));

  constructor() {
    this.events.restart();
  }

  /** "All events" (an empty value) and a blank actor filter nothing. */
  protected filter(event: Event, action: string, actor: string): void {
    event.preventDefault();
    this.current = { action: oneOf(AUDIT_ACTIONS, action), actor: actor.trim() || undefined };
    this.events.restart();
  }
}
