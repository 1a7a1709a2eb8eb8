import { DatePipe } from '@angular/common';
import { afterNextRender, ChangeDetectionStrategy, Component, computed, ElementRef, inject, Injector, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import {
  type CreatedInvitation,
  type Invitation,
  INVITATION_DEFAULT_TTL_SECONDS,
  INVITATION_MAX_TTL_SECONDS,
  type InvitationStatus,
  MAX_INVITATION_NOTE_LENGTH,
  rolesGrantableBy,
} from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../core/auth/auth-service';
import { Autofocus } from '../core/autofocus';
import { CursorPages } from '../core/cursor-pages';
import { LoadMore } from '../core/load-more';
import { UserAction } from '../core/user-action';
import { LinkToCopy } from '../share-links/link-to-copy';
import { ASSIGNABLE_ROLES, type AssignableRole } from './assignable-roles';
import { InvitationsApi } from './invitations-api';
import { CardTable } from '../core/card-table';

const DAY_SECONDS = 24 * 3600;

/** How long an invitation may be used, as offered; the server's default is left for it to apply. */
const LIFETIMES: readonly { label: string; seconds: number }[] = [
  { label: '1 day', seconds: DAY_SECONDS },
  { label: '7 days', seconds: INVITATION_DEFAULT_TTL_SECONDS },
  { label: '30 days', seconds: INVITATION_MAX_TTL_SECONDS },
];

const STATUSES: Readonly<Record<InvitationStatus, string>> = {
  pending: 'pending',
  used: 'used',
  expired: 'expired',
  revoked: 'revoked',
};

/** How the list names an invitation: by its note, else by the first characters of its token. */
const nameOfInvitation = (invitation: Invitation) => invitation.note || `${invitation.prefix}…`;

/**
 * Invitations on the Users page: a one-time link for one person to make their own account, with
 * a role no higher than the inviter's. The link is shown once, when it is made; the list shows
 * what became of each, and a pending one can be revoked.
 */
@Component({
  selector: 'lbx-invitations-section',
  imports: [Autofocus, CardTable, DatePipe, LinkToCopy, LoadMore, ReactiveFormsModule],
  templateUrl: './invitations-section.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InvitationsSection {
  private readonly api = inject(InvitationsApi);
  private readonly auth = inject(AuthService);
  private readonly injector = inject(Injector);
  private readonly inviteButton = viewChild<ElementRef<HTMLButtonElement>>('inviteButton');

  protected readonly lifetimes = LIFETIMES;
  protected readonly statuses = STATUSES;
  protected readonly maxNote = MAX_INVITATION_NOTE_LENGTH;
  protected readonly nameOf = nameOfInvitation;
  /** None above one's own, as the API has it. */
  protected readonly roles = computed(() => {
    const user = this.auth.user();
    const grantable = user ? rolesGrantableBy(user.role) : [];
    return ASSIGNABLE_ROLES.filter((option) => grantable.includes(option.role));
  });
  protected readonly invitations = new CursorPages<Invitation>((cursor) => this.api.list(cursor));
  /** The invitation just made, with its link: shown until Done, never again. */
  protected readonly created = signal<CreatedInvitation | null>(null);
  protected readonly inviting = new UserAction();
  protected readonly managing = new UserAction();
  protected readonly notice = signal<string | null>(null);
  protected readonly confirming = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    role: ['viewer' as AssignableRole],
    lifetime: [INVITATION_DEFAULT_TTL_SECONDS],
    note: [''],
  });

  constructor() {
    this.invitations.restart();
  }

  protected async invite(): Promise<void> {
    const { role, lifetime, note } = this.form.getRawValue();
    this.notice.set(null);
    await this.inviting.run(async () => {
      const request = { role, note: note.trim(), ...(lifetime === INVITATION_DEFAULT_TTL_SECONDS ? {} : { expires_in: lifetime }) };
      this.created.set(await firstValueFrom(this.api.create(request)));
      this.form.reset();
      this.invitations.restart();
    });
  }

  /** The link is forgotten; focus goes back to where another invitation is made. */
  protected done(): void {
    this.created.set(null);
    afterNextRender(() => this.inviteButton()?.nativeElement.focus(), { injector: this.injector });
  }

  /** It stops working at once; it stays in the list, revoked. */
  protected async revoke(invitation: Invitation): Promise<void> {
    this.notice.set(null);
    const revoked = await this.managing.run(() => firstValueFrom(this.api.revoke(invitation.id)));
    this.confirming.set(null);
    if (revoked) {
      this.notice.set(`The invitation ${nameOfInvitation(invitation)} no longer works.`);
      this.invitations.restart();
    }
  }
}
