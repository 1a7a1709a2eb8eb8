import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreatedInvitation, CreateInvitationRequest, InvitationPage } from '@lightbox/auth-contracts';
import type { Observable } from 'rxjs';
import { apiQuery, apiUrl } from '../core/api';

/** The invitations' calls to the API, one method each (the invited join through AuthService). */
@Injectable({ providedIn: 'root' })
export class InvitationsApi {
  private readonly http = inject(HttpClient);

  /** Newest first, whatever their status; never a token. */
  list(cursor: string | null): Observable<InvitationPage> {
    return this.http.get<InvitationPage>(apiUrl('invitations'), { params: apiQuery({ cursor }) });
  }

  /** The answer carries the link and its token, the only time the API ever sends them. */
  create(invitation: CreateInvitationRequest): Observable<CreatedInvitation> {
    return this.http.post<CreatedInvitation>(apiUrl('invitations'), invitation);
  }

  /** It no longer lets anyone join; it stays listed, revoked. A used one cannot be (409). */
  revoke(id: string): Observable<void> {
    return this.http.delete<void>(apiUrl('invitations', id));
  }
}
