import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { aLoginResponse, aUser, signIn, signInHeldBack } from '../../../testing/auth-testing';
import { anAssertion, mfaRequired, problem } from '../../../testing/mfa-testing';
import { QueuedLocks } from '../../../testing/queued-locks';
import { API_BASE } from '../api';
import { authInterceptor } from './auth-interceptor';
import { AuthService } from './auth-service';

describe('AuthService', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('starts signed out', () => {
    const auth = TestBed.inject(AuthService);
    expect(auth.user()).toBeNull();
    expect(auth.isAuthenticated()).toBe(false);
    expect(auth.hasScope('images:read')).toBe(false);
    expect(auth.accessToken()).toBeNull();
  });

  it('holds the user and the token after a login, and the scopes decide hasScope', async () => {
    const auth = await signIn('token-1', aUser(['images:read']));
    expect(auth.user()?.username).toBe('ada');
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.hasScope('images:read')).toBe(true);
    expect(auth.hasScope('images:write')).toBe(false);
    expect(auth.accessToken()).toBe('token-1');
  });

  it('keeps the token out of storage: only a hint that a session exists', async () => {
    await signIn('secret-token');
    const stored = Object.keys(localStorage).map((key) => `${key}=${localStorage.getItem(key)}`).join(';');
    expect(stored).not.toContain('secret-token');
    expect(stored).toContain('lightbox.session');
  });

  it('does not ask for a refresh on start-up when this browser has no session', async () => {
    await TestBed.inject(AuthService).restore();
    http.expectNone(`${API_BASE}/auth/refresh`);
  });

  it('restores the session through the refresh cookie on start-up', async () => {
    localStorage.setItem('lightbox.session', '1');
    const auth = TestBed.inject(AuthService);
    const restoring = auth.restore();
    const refresh = http.expectOne(`${API_BASE}/auth/refresh`);
    expect(refresh.request.method).toBe('POST');
    expect(refresh.request.body).toBeNull();
    refresh.flush(aLoginResponse('token-2'));
    await restoring;
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.accessToken()).toBe('token-2');
  });

  it('stays signed out and forgets the hint when the refresh is refused', async () => {
    localStorage.setItem('lightbox.session', '1');
    const auth = TestBed.inject(AuthService);
    const restoring = auth.restore();
    http.expectOne(`${API_BASE}/auth/refresh`).flush({ code: 'authentication_required' }, { status: 401, statusText: 'Unauthorized' });
    await restoring;
    expect(auth.isAuthenticated()).toBe(false);
    expect(localStorage.getItem('lightbox.session')).toBeNull();
  });

  it('shares one refresh between callers that arrive while it is in flight', async () => {
    const auth = TestBed.inject(AuthService);
    const first = auth.refresh();
    const second = auth.refresh();
    http.expectOne(`${API_BASE}/auth/refresh`).flush(aLoginResponse('token-3'));
    expect(await Promise.all([first, second])).toEqual(['refreshed', 'refreshed']);
  });

  describe('with the session lock (Web Locks)', () => {
    let locks: QueuedLocks;
    let uninstall: (() => void) | undefined;
    /** Signed in first, then the tab gets its locks: each test starts with none held. */
    async function signInWithLocks(token: string) {
      const auth = await signIn(token);
      locks = new QueuedLocks();
      uninstall = locks.install();
      return auth;
    }
    afterEach(() => uninstall?.());
    const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

    it('waits for another tab to let go of the lock before spending the cookie', async () => {
      const auth = await signInWithLocks('token-4');
      const letGo = locks.hold('lightbox-session');
      const refreshing = auth.refresh();
      await settle();
      http.expectNone(`${API_BASE}/auth/refresh`);
      letGo();
      await settle();
      http.expectOne(`${API_BASE}/auth/refresh`).flush(aLoginResponse('token-5'));
      expect(await refreshing).toBe('refreshed');
    });

    it('does not sign the user back in with a refresh that waited for the lock across a logout', async () => {
      const auth = await signInWithLocks('token-6');
      const letGo = locks.hold('lightbox-session');
      const refreshing = auth.refresh();
      const loggingOut = auth.logout();
      letGo();
      expect(await refreshing).toBe('ended');
      http.expectNone(`${API_BASE}/auth/refresh`);
      await settle();
      http.expectOne(`${API_BASE}/auth/logout`).flush(null, { status: 204, statusText: 'No Content' });
      await loggingOut;
      expect(auth.isAuthenticated()).toBe(false);
      expect(localStorage.getItem('lightbox.session')).toBeNull();
    });
  });

  it('keeps the session when a refresh gets no answer but an error: only a refusal ends it', async () => {
    const auth = await signIn('token-7');
    const refreshing = auth.refresh();
    http.expectOne(`${API_BASE}/auth/refresh`).flush(null, { status: 502, statusText: 'Bad Gateway' });
    expect(await refreshing).toBe('failed');
    expect(auth.isAuthenticated()).toBe(true);
    expect(localStorage.getItem('lightbox.session')).toBe('1');
  });

  it('drops a refresh that answers after a logout', async () => {
    const auth = await signIn('token-8');
    const refreshing = auth.refresh();
    const loggingOut = auth.logout();
    http.expectOne(`${API_BASE}/auth/refresh`).flush(aLoginResponse('token-9'));
    expect(await refreshing).toBe('ended');
    http.expectOne(`${API_BASE}/auth/logout`).flush(null, { status: 204, statusText: 'No Content' });
    await loggingOut;
    expect(auth.isAuthenticated()).toBe(false);
    expect(auth.accessToken()).toBeNull();
  });

  it('calls a token stale 30 seconds before it expires', async () => {
    const now = jest.spyOn(Date, 'now');
    try {
      now.mockReturnValue(1_000_000);
      const auth = await signIn('token-10'); // expires_in 900 s
      expect(auth.tokenIsStale()).toBe(false);
      now.mockReturnValue(1_000_000 + 869_000);
      expect(auth.tokenIsStale()).toBe(false);
      now.mockReturnValue(1_000_000 + 870_000);
      expect(auth.tokenIsStale()).toBe(true);
    } finally {
      now.mockRestore();
    }
  });

  it('keeps the same user object across a refresh, so pages that read it do not reload', async () => {
    const auth = await signIn('token-11');
    const before = auth.user();
    const refreshing = auth.refresh();
    http.expectOne(`${API_BASE}/auth/refresh`).flush(aLoginResponse('token-12'));
    await refreshing;
    expect(auth.accessToken()).toBe('token-12');
    expect(auth.user()).toBe(before);
  });

  it('logs out on the server, forgets the session and tells the other tabs', async () => {
    const messages: unknown[] = [];
    const otherTab = new BroadcastChannel('lightbox-auth');
    otherTab.onmessage = (event) => messages.push(event.data);
    try {
      const auth = await signIn('token-5');
      const loggingOut = auth.logout();
      const logout = http.expectOne(`${API_BASE}/auth/logout`);
      expect(logout.request.headers.get('Authorization')).toBe('Bearer token-5');
      logout.flush(null, { status: 204, statusText: 'No Content' });
      await loggingOut;
      expect(auth.isAuthenticated()).toBe(false);
      expect(auth.accessToken()).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(messages).toEqual([{ type: 'logout' }]);
    } finally {
      otherTab.close();
    }
  });

  it('ends the session when another tab logs out', async () => {
    const auth = await signIn('token-6');
    const otherTab = new BroadcastChannel('lightbox-auth');
    otherTab.postMessage({ type: 'logout' });
    otherTab.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(auth.isAuthenticated()).toBe(false);
    expect(auth.accessToken()).toBeNull();
  });

  describe('second factors', () => {
    /** One turn of the event loop: a call that waits for the session lock has sent its request. */
    const turn = () => new Promise((resolve) => setTimeout(resolve));

    it('answers a right password with the second step, and starts no session yet', async () => {
      const auth = TestBed.inject(AuthService);
      const login = auth.login({ username: 'ada', password: 'correct horse battery' });
      await turn();
      http.expectOne(`${API_BASE}/auth/login`).flush(...mfaRequired(['totp', 'recovery_code', 'webauthn']));
      expect(await login).toEqual({
        step: 'second-factor',
        challenge: { mfa_token: 'mfa-token-1', mfa_methods: ['totp', 'recovery_code', 'webauthn'], webauthn_options: expect.objectContaining({ challenge: 'mfa-challenge' }) },
      });
      expect(auth.isAuthenticated()).toBe(false);
      expect(localStorage.getItem('lightbox.session')).toBeNull();
    });

    it('still throws a wrong password: only mfa_required is a next step', async () => {
      const login = TestBed.inject(AuthService).login({ username: 'ada', password: 'wrong' });
      await turn();
      http.expectOne(`${API_BASE}/auth/login`).flush(...problem(401, 'invalid_credentials'));
      await expect(login).rejects.toMatchObject({ status: 401 });
    });

    it('completes the login with the challenge token and one factor', async () => {
      const auth = TestBed.inject(AuthService);
      const completing = auth.completeMfa('mfa-token-1', { totp: '123456' });
      await turn();
      const request = http.expectOne({ method: 'POST', url: `${API_BASE}/auth/mfa` });
      expect(request.request.body).toEqual({ mfa_token: 'mfa-token-1', totp: '123456' });
      request.flush(aLoginResponse('token-mfa'));
      expect(await completing).toEqual(aUser());
      expect(auth.accessToken()).toBe('token-mfa');
    });

    it('signs in with a passkey alone, sending its answer', async () => {
      const auth = TestBed.inject(AuthService);
      const signingIn = auth.loginWithPasskey(anAssertion());
      await turn();
      const request = http.expectOne({ method: 'POST', url: `${API_BASE}/auth/passkeys/login` });
      expect(request.request.body).toEqual({ webauthn: anAssertion() });
      request.flush(aLoginResponse('token-passkey'));
      await signingIn;
      expect(auth.accessToken()).toBe('token-passkey');
    });

    it('holds a person the policy asks for a second factor on the Security page until a token without the demand arrives', async () => {
      const auth = await signInHeldBack();
      expect(auth.mustEnrol()).toBe(true);
      const refreshing = auth.refresh();
      http.expectOne(`${API_BASE}/auth/refresh`).flush(aLoginResponse('token-full'));
      await refreshing;
      expect(auth.mustEnrol()).toBe(false);
    });

    it('re-authenticates with the bearer token and takes the new one, for the same user', async () => {
      const auth = await signIn('token-old');
      const before = auth.user();
      const proving = auth.reauthenticate({ password: 'correct horse battery' });
      await turn();
      const request = http.expectOne({ method: 'POST', url: `${API_BASE}/auth/reauth` });
      expect(request.request.headers.get('Authorization')).toBe('Bearer token-old');
      expect(request.request.body).toEqual({ password: 'correct horse battery' });
      request.flush(aLoginResponse('token-fresh'));
      await proving;
      expect(auth.accessToken()).toBe('token-fresh');
      expect(auth.user()).toBe(before);
    });

    it('passes a refused proof to the caller and keeps the token it had', async () => {
      const auth = await signIn('token-old');
      const proving = auth.reauthenticate({ totp: '000000' });
      await turn();
      http.expectOne(`${API_BASE}/auth/reauth`).flush(...problem(401, 'invalid_mfa'));
      await expect(proving).rejects.toMatchObject({ status: 401 });
      http.expectNone(`${API_BASE}/auth/refresh`);
      expect(auth.accessToken()).toBe('token-old');
    });

    it('waits for a refresh in flight before re-authenticating, so the older token cannot land last', async () => {
      const auth = await signIn('token-old');
      const refreshing = auth.refresh();
      const proving = auth.reauthenticate({ password: 'correct horse battery' });
      await turn();
      http.expectNone(`${API_BASE}/auth/reauth`);
      http.expectOne(`${API_BASE}/auth/refresh`).flush(aLoginResponse('token-refreshed'));
      await refreshing;
      await turn();
      const request = http.expectOne(`${API_BASE}/auth/reauth`);
      expect(request.request.headers.get('Authorization')).toBe('Bearer token-refreshed');
      request.flush(aLoginResponse('token-fresh'));
      await proving;
      expect(auth.accessToken()).toBe('token-fresh');
    });

    it('drops a re-authentication that answers after a logout', async () => {
      const auth = await signIn('token-old');
      const proving = auth.reauthenticate({ password: 'correct horse battery' });
      await turn();
      const reauth = http.expectOne(`${API_BASE}/auth/reauth`);
      const loggingOut = auth.logout();
      reauth.flush(aLoginResponse('token-fresh'));
      await proving;
      http.expectOne(`${API_BASE}/auth/logout`).flush(null, { status: 204, statusText: 'No Content' });
      await loggingOut;
      expect(auth.isAuthenticated()).toBe(false);
      expect(auth.accessToken()).toBeNull();
    });
  });
});
