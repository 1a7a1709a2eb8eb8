import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { aLoginResponse, aUser, signIn } from '../../../testing/auth-testing';
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
});
