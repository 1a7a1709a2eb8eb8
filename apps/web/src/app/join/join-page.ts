import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { ErrorCode, type InvitationPreview } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../core/auth/auth-service';
import { Autofocus } from '../core/autofocus';
import { errorMessage } from '../core/error-message';
import { problemOf } from '../core/problem';
import { AccountForm, type NewAccount } from './account-form';
import { JoiningApi } from './joining-api';
import { ROLE_IN_WORDS } from './role-in-words';

/** Why an invitation cannot be used: the server does not know it, or it was used, ran out, or was taken back. */
type Refusal = 'invalid' | 'used' | 'expired' | 'revoked';

const REFUSALS: ReadonlyMap<string, Refusal> = new Map([
  [ErrorCode.InvalidInvitation, 'invalid'],
  [ErrorCode.InvitationUsed, 'used'],
  [ErrorCode.InvitationExpired, 'expired'],
  [ErrorCode.InvitationRevoked, 'revoked'],
]);

/** Each refusal in the visitor's words: a heading, and what they can do. */
const ENDS: Readonly<Record<Refusal, { title: string; text: string }>> = {
  invalid: {
    title: 'This invitation does not work',
    text: 'There is no invitation at this address. Check that the whole link was copied, or ask the person who invited you for a new one.',
  },
  used: {
    title: 'This invitation has already been used',
    text: 'An invitation makes one account, and this one has made it. If that was you, log in.',
  },
  expired: {
    title: 'This invitation has expired',
    text: 'It could be used for a limited time, and that time is over. Ask the person who invited you for a new one.',
  },
  revoked: {
    title: 'This invitation has been withdrawn',
    text: 'The person who made it has taken it back. Ask them if you still need one.',
  },
};

/** Where the page stands: looking at the invitation, showing it, refused, or stuck (no answer, too many tries). */
type Step =
  | { readonly step: 'checking' }
  | { readonly step: 'invited'; readonly preview: InvitationPreview }
  | { readonly step: 'refused'; readonly why: Refusal }
  | { readonly step: 'failed'; readonly problem: string };

function refusalOf(error: unknown): Refusal | undefined {
  return REFUSALS.get(problemOf(error).code ?? '');
}

/**
 * `/join/<token>`: an invitation's page. It says who invited the visitor and as what, and makes
 * their account; once made, they are signed in as by a login and go to the gallery.
 */
@Component({
  selector: 'lbx-join-page',
  imports: [AccountForm, Autofocus, DatePipe, RouterLink],
  templateUrl: './join-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JoinPage {
  private readonly api = inject(JoiningApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  /** The invitation's token, from the address. */
  readonly token = input.required<string>();

  protected readonly ends = ENDS;
  protected readonly roles = ROLE_IN_WORDS;
  protected readonly step = signal<Step>({ step: 'checking' });
  protected readonly joining = signal(false);
  protected readonly refusal = signal<unknown>(null);
  /**
   * Someone is signed in here already: an invitation is for a new person, whose session would
   * replace theirs in every tab. (While joining, the new session is theirs: not asked about.)
   */
  protected readonly signedInAs = computed(() => (this.joining() ? null : (this.auth.user()?.username ?? null)));

  constructor() {
    effect(() => {
      const token = this.token();
      untracked(() => void this.check(token));
    });
  }

  protected async join(account: NewAccount): Promise<void> {
    this.joining.set(true);
    this.refusal.set(null);
    try {
      await this.auth.join({ token: this.token(), ...account });
      await this.router.navigateByUrl(this.auth.mustEnrol() ? '/settings/security' : '/');
    } catch (error) {
      const why = refusalOf(error);
      if (why) this.step.set({ step: 'refused', why });
      else this.refusal.set(error);
    } finally {
      this.joining.set(false);
    }
  }

  protected logOut(): void {
    void this.auth.logout();
  }

  protected tryAgain(): void {
    void this.check(this.token());
  }

  private async check(token: string): Promise<void> {
    this.step.set({ step: 'checking' });
    let step: Step;
    try {
      step = { step: 'invited', preview: await firstValueFrom(this.api.check(token)) };
    } catch (error) {
      const why = refusalOf(error);
      step = why ? { step: 'refused', why } : { step: 'failed', problem: errorMessage(error) };
    }
    if (token === this.token()) this.step.set(step);
  }
}
