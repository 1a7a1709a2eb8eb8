import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type { SignupRole } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../core/auth/auth-service';
import { errorMessage } from '../core/error-message';
import { AccountForm, type NewAccount } from './account-form';
import { JoiningApi } from './joining-api';
import { ROLE_IN_WORDS } from './role-in-words';

/** Where the page stands: asking whether sign-up is open, open (with the role it gives), closed, or stuck. */
type Step =
  | { readonly step: 'checking' }
  | { readonly step: 'open'; readonly role: SignupRole }
  | { readonly step: 'closed' }
  | { readonly step: 'failed'; readonly problem: string };

/** Sign-up that is off does not exist on the server: 404, for the question and for the request alike. */
const isClosed = (error: unknown) => error instanceof HttpErrorResponse && error.status === 404;

/**
 * `/signup`: where anyone may make an account, when the server lets them (`SIGNUP=open`); they are
 * signed in at once, as by a login, and go to the gallery.
 */
@Component({
  selector: 'lbx-signup-page',
  imports: [AccountForm, RouterLink],
  templateUrl: './signup-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignupPage {
  private readonly api = inject(JoiningApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly roles = ROLE_IN_WORDS;
  protected readonly step = signal<Step>({ step: 'checking' });
  protected readonly signingUp = signal(false);
  protected readonly refusal = signal<unknown>(null);

  constructor() {
    void this.check();
  }

  protected async signUp(account: NewAccount): Promise<void> {
    this.signingUp.set(true);
    this.refusal.set(null);
    try {
      await this.auth.signUp(account);
      await this.router.navigateByUrl(this.auth.mustEnrol() ? '/settings/security' : '/');
    } catch (error) {
      if (isClosed(error)) this.step.set({ step: 'closed' });
      else this.refusal.set(error);
    } finally {
      this.signingUp.set(false);
    }
  }

  protected async check(): Promise<void> {
    this.step.set({ step: 'checking' });
    try {
      const { role } = await firstValueFrom(this.api.signupOptions());
      this.step.set({ step: 'open', role });
    } catch (error) {
      this.step.set(isClosed(error) ? { step: 'closed' } : { step: 'failed', problem: errorMessage(error) });
    }
  }
}
