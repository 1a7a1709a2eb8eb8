import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Session, SessionList } from '@lightbox/auth-contracts';
import { map, type Observable } from 'rxjs';
import { apiUrl } from '../core/api';

/** The session settings' calls to the API, one method each. */
@Injectable({ providedIn: 'root' })
export class SessionsApi {
  private readonly http = inject(HttpClient);

  /** The signed-in user's own sessions, this browser's marked `current`. */
  list(): Observable<Session[]> {
    return this.http.get<SessionList>(apiUrl('auth', 'sessions')).pipe(map((list) => list.items));
  }

  revoke(id: string): Observable<void> {
    return this.http.delete<void>(apiUrl('auth', 'sessions', id));
  }

  /** Every session of the user, this browser's too. */
  revokeAll(): Observable<void> {
    return this.http.delete<void>(apiUrl('auth', 'sessions'));
  }
}
