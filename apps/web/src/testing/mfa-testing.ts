import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { AuthenticationResponse, MfaMethod, Passkey, PasskeyOptions, Problem, RegistrationResponse, SecondFactors } from '@lightbox/auth-contracts';
import { authInterceptor } from '../app/core/auth/auth-interceptor';
import { Passkeys } from '../app/core/auth/passkeys';

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  429: 'Too Many Requests',
};

/** A problem+json refusal, ready for `TestRequest.flush(...problem(...))`. */
export function problem(status: number, code: Problem['code'], extra: Partial<Problem> = {}, headers: Record<string, string> = {}) {
  const statusText = STATUS_TEXT[status] ?? 'Error';
  return [{ type: 'about:blank', title: statusText, status, code, ...extra }, { status, statusText, headers }] as const;
}

export const passkeyOptions = (challenge = 'challenge-1'): PasskeyOptions => ({ challenge, rpId: 'localhost', allowCredentials: [] });

/** The 401 of a right password when a second factor is needed. */
export function mfaRequired(methods: MfaMethod[] = ['totp', 'recovery_code'], token = 'mfa-token-1') {
  const webauthn_options = methods.includes('webauthn') ? passkeyOptions('mfa-challenge') : undefined;
  return problem(401, 'mfa_required', { mfa_token: token, mfa_methods: methods, ...(webauthn_options ? { webauthn_options } : {}) });
}

/** The 401 of a step-up route, with its RFC 9470 challenge. */
export const stepUpRequired = () =>
  problem(401, 'step_up_required', {}, { 'WWW-Authenticate': 'Bearer realm="lightbox", error="insufficient_user_authentication", max_age=600' });

/** Factors as the API reports them; `step_up_methods` follows the factors unless given. */
export function someFactors(change: Partial<SecondFactors> = {}): SecondFactors {
  const factors = { totp: false, passkeys: 0, recovery_codes_left: 0, required: false, amr: ['pwd'], auth_time: '2026-11-01T10:00:00.000Z', ...change } as const;
  const strongest: SecondFactors['step_up_methods'] =
    factors.passkeys > 0 ? ['webauthn'] : factors.totp ? (factors.recovery_codes_left > 0 ? ['totp', 'recovery_code'] : ['totp']) : ['password'];
  return { step_up_methods: strongest, ...factors };
}

export function aPasskey(name: string, change: Partial<Passkey> = {}): Passkey {
  return {
    id: `00000000-0000-4000-8000-${String(name.length).padStart(12, '0')}`,
    name,
    created_at: '2026-11-01T10:00:00.000Z',
    last_used_at: null,
    synced: true,
    ...change,
  };
}

export const anAssertion = (id = 'credential-1'): AuthenticationResponse => ({
  id,
  rawId: id,
  type: 'public-key',
  response: { clientDataJSON: 'Y2xpZW50', authenticatorData: 'YXV0aA', signature: 'c2ln' },
  clientExtensionResults: {},
});

export const anAttestation = (id = 'credential-1'): RegistrationResponse => ({
  id,
  rawId: id,
  type: 'public-key',
  response: { clientDataJSON: 'Y2xpZW50', attestationObject: 'YXR0' },
  clientExtensionResults: {},
});

/**
 * The browser's passkeys as a test plays them (jsdom has no WebAuthn): each ceremony answers at
 * once with `answer`, or fails with `failWith`; the autofill one waits until `pickInAutofill` or
 * until it is cancelled, which ends it as a browser would, with an AbortError.
 */
export class FakePasskeys implements Pick<Passkeys, keyof Passkeys> {
  usableHere = true;
  autofillHere = false;
  failWith: Error | null = null;
  readonly ceremonies: { kind: 'authenticate' | 'register'; options: PasskeyOptions; autofill: boolean }[] = [];
  cancelled = 0;
  private autofillWaiting: { resolve: (answer: AuthenticationResponse) => void; reject: (error: Error) => void } | null = null;

  usable(): boolean {
    return this.usableHere;
  }

  async autofillUsable(): Promise<boolean> {
    return this.usableHere && this.autofillHere;
  }

  authenticate(options: PasskeyOptions, autofill = false): Promise<AuthenticationResponse> {
    this.ceremonies.push({ kind: 'authenticate', options, autofill });
    this.abortAutofill(); // a new ceremony ends the one waiting, as @simplewebauthn/browser does
    if (autofill) return new Promise((resolve, reject) => (this.autofillWaiting = { resolve, reject }));
    return this.failWith ? Promise.reject(this.failWith) : Promise.resolve(anAssertion());
  }

  async register(options: PasskeyOptions): Promise<RegistrationResponse> {
    this.ceremonies.push({ kind: 'register', options, autofill: false });
    if (this.failWith) throw this.failWith;
    return anAttestation();
  }

  cancel(): void {
    this.cancelled++;
    this.abortAutofill();
  }

  /** The person picks a passkey among the username field's suggestions. */
  pickInAutofill(): void {
    this.autofillWaiting?.resolve(anAssertion('picked'));
    this.autofillWaiting = null;
  }

  get autofillIsWaiting(): boolean {
    return this.autofillWaiting !== null;
  }

  private abortAutofill(): void {
    // As @simplewebauthn/browser ends it: an Error that keeps the DOMException's name.
    this.autofillWaiting?.reject(Object.assign(new Error('Authentication ceremony was sent an abort signal'), { name: 'AbortError' }));
    this.autofillWaiting = null;
  }
}

/** A component on the real HttpClient and interceptor, signed out, with these passkeys in place of the browser's. */
export function withFakePasskeys(): { http: HttpTestingController; passkeys: FakePasskeys } {
  localStorage.clear();
  const passkeys = new FakePasskeys();
  TestBed.configureTestingModule({
    providers: [
      { provide: Passkeys, useValue: passkeys },
      provideHttpClient(withInterceptors([authInterceptor])),
      provideHttpClientTesting(),
      provideRouter([]),
    ],
  });
  return { http: TestBed.inject(HttpTestingController), passkeys };
}
