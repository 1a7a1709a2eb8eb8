import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { PasskeyOptions, SecondFactors } from '@lightbox/auth-contracts';
import type { Observable } from 'rxjs';
import { apiUrl } from '../api';

/** Whether the person has a passkey or an authenticator app (recovery codes only recover one). */
export function hasSecondFactor(factors: SecondFactors | null): boolean {
  return factors !== null && (factors.totp || factors.passkeys > 0);
}

/** What the login, the step-up dialog and the Security page read about a person's second factors. */
@Injectable({ providedIn: 'root' })
export class SecondFactorsApi {
  private readonly http = inject(HttpClient);

  /** Which factors the signed-in person has, and how this session last authenticated. */
  factors(): Observable<SecondFactors> {
    return this.http.get<SecondFactors>(apiUrl('auth', 'factors'));
  }

  /**
   * A challenge for a passkey to sign. Asked without a token (on the login page) it is for a
   * passwordless sign-in with any passkey; with one, for re-authentication, bound to the session.
   */
  passkeyOptions(): Observable<PasskeyOptions> {
    return this.http.post<PasskeyOptions>(apiUrl('auth', 'passkeys', 'authentication-options'), {});
  }
}
