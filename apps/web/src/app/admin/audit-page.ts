import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { AUDIT_ACTIONS, type AuditEvent } from '@lightbox/auth-contracts';
import { CursorPages } from '../core/cursor-pages';
import { LoadMore } from '../core/load-more';
import { oneOf } from '../core/one-of';
import { AuditApi, type AuditFilter } from './audit-api';
import { auditTarget } from './audit-target';
import { CardTable } from '../core/card-table';

/** One for every quarter of an hour of every session: left out unless asked for. */
const FREQUENT = 'token.refreshed';

@Component({
  selector: 'lbx-audit-page',
  imports: [CardTable, DatePipe, LoadMore, RouterLink],
  templateUrl: './audit-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditPage {
  private readonly api = inject(AuditApi);
  private readonly router = inject(Router);

  /** From the query string, as the gallery's filters are: a filtered log can be bookmarked and shared. */
  readonly action = input<string>();
  readonly actor = input<string>();
  /** `shown` to list token refreshes too. */
  readonly refreshes = input<string>();

  protected readonly actions = AUDIT_ACTIONS;
  protected readonly targetOf = auditTarget;
  protected readonly filter = computed((): AuditFilter => {
    const action = oneOf(AUDIT_ACTIONS, this.action() ?? '');
    const showRefreshes = action !== undefined || this.refreshes() === 'shown';
    return { action, actor: this.actor()?.trim() || undefined, exclude_action: showRefreshes ? undefined : FREQUENT };
  });
  protected readonly events = new CursorPages<AuditEvent>((cursor) => this.api.list(this.filter(), cursor));

  constructor() {
    effect(() => {
      this.filter();
      untracked(() => this.events.restart());
    });
  }

  /** "All events" (an empty value) and a blank actor filter nothing. */
  protected applyFilter(event: Event, action: string, actor: string, showRefreshes: boolean): void {
    event.preventDefault();
    void this.router.navigate([], {
      queryParams: { action: action || null, actor: actor.trim() || null, refreshes: showRefreshes ? 'shown' : null },
    });
  }
}
