import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CheckInvitationRequest, InvitationPreview, SignupOptions } from '@lightbox/auth-contracts';
import type { Observable } from 'rxjs';
import { apiUrl } from '../core/api';

/**
 * What a person who has no account yet may ask before making one, one method each. Making it
 * signs them in, so that goes through AuthService (`join`, `signUp`), as a login does.
 */
@Injectable({ providedIn: 'root' })
export class JoiningApi {
  private readonly http = inject(HttpClient);

  /** Who invited them, as what, until when; refused (401, 410) when the invitation cannot be used. */
  check(token: string): Observable<InvitationPreview> {
    return this.http.post<InvitationPreview>(apiUrl('invitations', 'check'), { token } satisfies CheckInvitationRequest);
  }

  /** The role of a new account when anyone may make one; 404 when sign-up is off. */
  signupOptions(): Observable<SignupOptions> {
    return this.http.get<SignupOptions>(apiUrl('auth', 'signup'));
  }
}
