import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  ChangePasswordRequest,
  ConfirmTotpRequest,
  Passkey,
  PasskeyList,
  PasskeyOptions,
  RecoveryCodes,
  RegisterPasskeyRequest,
  SecurityPolicy,
  TotpEnrolment,
  UpdatePasskeyRequest,
} from '@lightbox/auth-contracts';
import { map, type Observable } from 'rxjs';
import { apiUrl } from '../../core/api';

/**
 * The Security page's calls to the API, one method each (the factors themselves are read through
 * SecondFactorsApi, which the login and the step-up dialog share). Every change here is a step-up
 * route: the interceptor asks the person to confirm it is them when the API wants it.
 */
@Injectable({ providedIn: 'root' })
export class SecurityApi {
  private readonly http = inject(HttpClient);

  changePassword(change: ChangePasswordRequest): Observable<void> {
    return this.http.post<void>(apiUrl('auth', 'password'), change);
  }

  passkeys(): Observable<Passkey[]> {
    return this.http.get<PasskeyList>(apiUrl('auth', 'passkeys')).pipe(map((list) => list.items));
  }

  /** The challenge for the browser to make a new passkey with (`Passkeys.register`). */
  passkeyRegistrationOptions(): Observable<PasskeyOptions> {
    return this.http.post<PasskeyOptions>(apiUrl('auth', 'passkeys', 'registration-options'), {});
  }

  registerPasskey(passkey: RegisterPasskeyRequest): Observable<Passkey> {
    return this.http.post<Passkey>(apiUrl('auth', 'passkeys'), passkey);
  }

  renamePasskey(id: string, change: UpdatePasskeyRequest): Observable<Passkey> {
    return this.http.patch<Passkey>(apiUrl('auth', 'passkeys', id), change);
  }

  removePasskey(id: string): Observable<void> {
    return this.http.delete<void>(apiUrl('auth', 'passkeys', id));
  }

  /** A new secret, not in force until a first code from it is confirmed. */
  enrolTotp(): Observable<TotpEnrolment> {
    return this.http.post<TotpEnrolment>(apiUrl('auth', 'totp'), {});
  }

  confirmTotp(confirmation: ConfirmTotpRequest): Observable<void> {
    return this.http.post<void>(apiUrl('auth', 'totp', 'confirm'), confirmation);
  }

  removeTotp(): Observable<void> {
    return this.http.delete<void>(apiUrl('auth', 'totp'));
  }

  /** Ten new codes, shown this once; the old ones stop working. */
  newRecoveryCodes(): Observable<RecoveryCodes> {
    return this.http.post<RecoveryCodes>(apiUrl('auth', 'recovery-codes'), {});
  }

  policy(): Observable<SecurityPolicy> {
    return this.http.get<SecurityPolicy>(apiUrl('security-policy'));
  }

  setPolicy(policy: SecurityPolicy): Observable<SecurityPolicy> {
    return this.http.put<SecurityPolicy>(apiUrl('security-policy'), policy);
  }
}
