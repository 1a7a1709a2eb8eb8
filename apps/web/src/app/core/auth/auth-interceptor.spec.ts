import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { aLoginResponse, signIn } from '../../../testing/auth-testing';
import { problem, stepUpRequired } from '../../../testing/mfa-testing';
import { API_BASE } from '../api';
import { authInterceptor } from './auth-interceptor';
import { AuthService } from './auth-service';
import { StepUp, StepUpCancelled } from './step-up';

@Component({ template: '' })
class Blank {}

const expired = { status: 401, statusText: 'Unauthorized' };
const expiredBody = { code: 'token_expired' };

describe('authInterceptor', () => {
  let http: HttpTestingController;
  let client: HttpClient;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'upload', component: Blank },
          { path: 'login', component: Blank },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
  });

  afterEach(() => http.verify());

  /** Lets the interceptor's promise chain (refresh, logout, navigation) take its next step. */
  const settle = () => new Promise((resolve) => setTimeout(resolve));

  it('adds the bearer token to this API', async () => {
    await signIn('token-1');
    const answer = firstValueFrom(client.get(`${API_BASE}/images`));
    const request = http.expectOne(`${API_BASE}/images`);
    expect(request.request.headers.get('Authorization')).toBe('Bearer token-1');
    request.flush({ items: [], next_cursor: null });
    await answer;
  });

  it.each([
    ['another origin', 'https://evil.example/api/v1/images'],
    ['another path on this origin', '/health'],
    ['a path that only starts like the API', '/api/v10/images'],
    ['a protocol-relative URL', '//evil.example/api/v1/images'],
  ])('adds no token to %s', async (_case, url) => {
    await signIn('token-1');
    const answer = firstValueFrom(client.get(url));
    const request = http.expectOne(url);
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush({});
    await answer;
  });

  it('meets three parallel 401s with exactly one refresh, then retries each request once', async () => {
    await signIn('old-token');
    const urls = ['a', 'b', 'c'].map((name) => `${API_BASE}/images/${name}`);
    const answers = urls.map((url) => firstValueFrom(client.get<{ name: string }>(url)));
    for (const url of urls) http.expectOne(url).flush(expiredBody, expired);
    await settle();

    const refreshes = http.match(`${API_BASE}/auth/refresh`);
    expect(refreshes).toHaveLength(1);
    refreshes[0].flush(aLoginResponse('new-token'));
    await settle();

    const retries: TestRequest[] = urls.map((url) => http.expectOne(url));
    for (const retry of retries) expect(retry.request.headers.get('Authorization')).toBe('Bearer new-token');
    retries.forEach((retry, index) => retry.flush({ name: `image ${index}` }));
    expect(await Promise.all(answers)).toEqual([{ name: 'image 0' }, { name: 'image 1' }, { name: 'image 2' }]);
  });

  it('retries once only: a second 401 goes to the caller', async () => {
    await signIn('old-token');
    const answer = firstValueFrom(client.get(`${API_BASE}/auth/me`));
    http.expectOne(`${API_BASE}/auth/me`).flush(expiredBody, expired);
    await settle();
    http.expectOne(`${API_BASE}/auth/refresh`).flush(aLoginResponse('new-token'));
    await settle();
    http.expectOne(`${API_BASE}/auth/me`).flush(expiredBody, expired);
    await expect(answer).rejects.toMatchObject({ status: 401 });
  });

  it('ends the session and sends the user to log in, with the way back, when the server refuses the refresh', async () => {
    const router = TestBed.inject(Router);
    const auth = await signIn('old-token');
    await router.navigateByUrl('/upload?step=2');

    const answer = firstValueFrom(client.get(`${API_BASE}/images`));
    http.expectOne(`${API_BASE}/images`).flush(expiredBody, expired);
    await settle();
    http.expectOne(`${API_BASE}/auth/refresh`).flush({ code: 'refresh_token_reused' }, expired);

    await expect(answer).rejects.toMatchObject({ status: 401 });
    await settle();
    expect(auth.isAuthenticated()).toBe(false);
    expect(router.url).toBe('/login?returnUrl=%2Fupload%3Fstep%3D2');
  });

  it('keeps the session and passes the 401 on when the refresh gets no answer', async () => {
    const router = TestBed.inject(Router);
    const auth = await signIn('old-token');
    await router.navigateByUrl('/upload');
    const answer = firstValueFrom(client.get(`${API_BASE}/images`));
    http.expectOne(`${API_BASE}/images`).flush(expiredBody, expired);
    await settle();
    http.expectOne(`${API_BASE}/auth/refresh`).flush(null, { status: 503, statusText: 'Service Unavailable' });
    await expect(answer).rejects.toMatchObject({ status: 401 });
    expect(auth.isAuthenticated()).toBe(true);
    expect(router.url).toBe('/upload');
  });

  it('refreshes a token about to expire before sending it, because public routes ignore an expired one', async () => {
    const now = jest.spyOn(Date, 'now');
    try {
      now.mockReturnValue(1_000_000);
      await signIn('old-token');
      now.mockReturnValue(1_000_000 + 880_000);
      const answer = firstValueFrom(client.get(`${API_BASE}/images`));
      http.expectNone(`${API_BASE}/images`);
      http.expectOne(`${API_BASE}/auth/refresh`).flush(aLoginResponse('new-token'));
      await settle();
      const request = http.expectOne(`${API_BASE}/images`);
      expect(request.request.headers.get('Authorization')).toBe('Bearer new-token');
      request.flush({ items: [], next_cursor: null });
      await answer;
    } finally {
      now.mockRestore();
    }
  });

  it('asks for no refresh when the session ended while the request was out', async () => {
    const auth = await signIn('old-token');
    const answer = firstValueFrom(client.get(`${API_BASE}/images`));
    const loggingOut = auth.logout();
    http.expectOne(`${API_BASE}/images`).flush(expiredBody, expired);
    await expect(answer).rejects.toMatchObject({ status: 401 });
    http.expectOne(`${API_BASE}/auth/logout`).flush(null, { status: 204, statusText: 'No Content' });
    await loggingOut;
    http.expectNone(`${API_BASE}/auth/refresh`);
  });

  it.each([
    ['the login itself', '/auth/login', 'invalid_credentials'],
    ['the second step of a login', '/auth/mfa', 'invalid_mfa'],
    ['a passkey sign-in', '/auth/passkeys/login', 'invalid_mfa'],
    ['a re-authentication', '/auth/reauth', 'invalid_mfa'],
    ['a look at an invitation', '/invitations/check', 'invalid_invitation'],
    ['joining with an invitation', '/invitations/accept', 'invalid_invitation'],
    ['a sign-up', '/auth/signup', 'invalid_token'],
  ])('passes a 401 from %s to the caller without a refresh', async (_case, path, code) => {
    await signIn('token-1'); // with a session, any other route's 401 would be taken for an expired token
    const answer = firstValueFrom(client.post(`${API_BASE}${path}`, {}));
    http.expectOne(`${API_BASE}${path}`).flush({ code }, expired);
    await expect(answer).rejects.toMatchObject({ status: 401 });
    http.expectNone(`${API_BASE}/auth/refresh`);
  });

  it.each([
    ['a look at an invitation', '/invitations/check'],
    ['joining with an invitation', '/invitations/accept'],
  ])('leaves a visitor where they are when %s is refused with 401 invalid_invitation', async (_case, path) => {
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/upload');
    const answer = firstValueFrom(client.post(`${API_BASE}${path}`, { token: 'lbi_unknown' }));
    http.expectOne(`${API_BASE}${path}`).flush(...problem(401, 'invalid_invitation'));
    await expect(answer).rejects.toMatchObject({ status: 401, error: { code: 'invalid_invitation' } });
    await settle();
    http.expectNone(`${API_BASE}/auth/refresh`);
    expect(router.url).toBe('/upload');
  });

  it('retries without a second refresh when a newer token arrived while the request was out', async () => {
    const auth = await signIn('old-token');
    const late = firstValueFrom(client.get(`${API_BASE}/images/late`));
    const refreshing = auth.refresh();
    http.expectOne(`${API_BASE}/auth/refresh`).flush(aLoginResponse('new-token'));
    await refreshing;

    http.expectOne(`${API_BASE}/images/late`).flush(expiredBody, expired);
    await settle();
    http.expectNone(`${API_BASE}/auth/refresh`);
    const retry = http.expectOne(`${API_BASE}/images/late`);
    expect(retry.request.headers.get('Authorization')).toBe('Bearer new-token');
    retry.flush({});
    await late;
  });

  describe('share links', () => {
    const READ = `${API_BASE}/albums/album-1/images`;
    const OPEN = `${API_BASE}/share-links/access`;

    it('sends a read with a share token as it is: no bearer token, and its 401 goes to the caller, with no refresh and no login', async () => {
      const router = TestBed.inject(Router);
      const auth = await signIn('user-token');
      await router.navigateByUrl('/upload');
      const answer = firstValueFrom(client.get(READ, { headers: { 'X-Share-Token': 'share-token-1' } }));
      const request = http.expectOne(READ);
      expect(request.request.headers.get('X-Share-Token')).toBe('share-token-1');
      expect(request.request.headers.has('Authorization')).toBe(false);
      request.flush(...problem(401, 'token_expired'));
      await expect(answer).rejects.toMatchObject({ status: 401 });
      await settle();
      http.expectNone(`${API_BASE}/auth/refresh`);
      expect(auth.accessToken()).toBe('user-token');
      expect(router.url).toBe('/upload');
    });

    it.each([
      ['a signed-in user', true],
      ['a visitor', false],
    ])('opens a link for %s with no bearer token, and takes its 401 for an answer about the link', async (_who, signedIn) => {
      const router = TestBed.inject(Router);
      if (signedIn) await signIn('user-token');
      await router.navigateByUrl('/upload');
      const answer = firstValueFrom(client.post(OPEN, { token: 'lbs_link' }));
      const request = http.expectOne(OPEN);
      expect(request.request.headers.has('Authorization')).toBe(false);
      request.flush(...problem(401, 'share_link_password_required'));
      await expect(answer).rejects.toMatchObject({ status: 401, error: { code: 'share_link_password_required' } });
      await settle();
      http.expectNone(`${API_BASE}/auth/refresh`);
      expect(router.url).toBe('/upload');
    });
  });

  describe('step-up (401 step_up_required)', () => {
    const KEYS = `${API_BASE}/api-keys`;

    /** The dialog's part: the person proves it is them, AuthService takes the new token, the dialog says yes. */
    async function confirmWith(token: string) {
      const proving = TestBed.inject(AuthService).reauthenticate({ password: 'correct horse battery' });
      await settle();
      http.expectOne(`${API_BASE}/auth/reauth`).flush(aLoginResponse(token));
      await proving;
      TestBed.inject(StepUp).finish(true);
      await settle();
    }

    it('meets three parallel refusals with one question, then retries each request once with the new token', async () => {
      await signIn('password-token');
      const stepUp = TestBed.inject(StepUp);
      const asked = jest.spyOn(stepUp, 'confirm');
      const names = ['a', 'b', 'c'];
      const answers = names.map((name) => firstValueFrom(client.post<{ name: string }>(KEYS, { name })));
      for (const request of http.match({ method: 'POST', url: KEYS })) request.flush(...stepUpRequired());
      await settle();
      expect(stepUp.asking()).toBe(true);
      // Asked by each request, answered by one question: the same promise for all three.
      expect(asked).toHaveBeenCalledTimes(3);
      expect(new Set(asked.mock.results.map((result) => result.value)).size).toBe(1);
      http.expectNone(`${API_BASE}/auth/refresh`);

      await confirmWith('stepped-up-token');
      const retries = http.match({ method: 'POST', url: KEYS });
      expect(retries.map((retry) => retry.request.headers.get('Authorization'))).toEqual(names.map(() => 'Bearer stepped-up-token'));
      retries.forEach((retry) => retry.flush({ name: retry.request.body.name }));
      expect(await Promise.all(answers)).toEqual(names.map((name) => ({ name })));
      expect(stepUp.asking()).toBe(false);
    });

    it('gives the callers the refusal as StepUpCancelled when the person cancels, and sends nothing more', async () => {
      const auth = await signIn('password-token');
      const answers = ['a', 'b'].map((name) => firstValueFrom(client.post(KEYS, { name })));
      for (const request of http.match({ method: 'POST', url: KEYS })) request.flush(...stepUpRequired());
      await settle();
      TestBed.inject(StepUp).finish(false);
      for (const answer of answers) {
        const error = await answer.catch((refusal: unknown) => refusal);
        expect(error).toBeInstanceOf(StepUpCancelled);
        expect(error).toMatchObject({ status: 401, error: { code: 'step_up_required' } });
      }
      http.expectNone({ method: 'POST', url: KEYS });
      http.expectNone(`${API_BASE}/auth/refresh`);
      expect(auth.accessToken()).toBe('password-token');
    });

    it('retries once only: a second refusal goes to the caller as the API sent it', async () => {
      await signIn('password-token');
      const answer = firstValueFrom(client.post(KEYS, { name: 'backup' }));
      http.expectOne({ method: 'POST', url: KEYS }).flush(...stepUpRequired());
      await settle();
      await confirmWith('still-too-weak');
      http.expectOne({ method: 'POST', url: KEYS }).flush(...stepUpRequired());
      const error = await answer.catch((refusal: unknown) => refusal);
      expect(error).not.toBeInstanceOf(StepUpCancelled);
      expect(error).toMatchObject({ status: 401, error: { code: 'step_up_required' } });
      expect(TestBed.inject(StepUp).asking()).toBe(false);
    });

    it('retries without asking when a step-up finished while the request was out', async () => {
      await signIn('password-token');
      const late = firstValueFrom(client.post(KEYS, { name: 'late' }));
      const early = firstValueFrom(client.post(KEYS, { name: 'early' }));
      const [lateRequest, earlyRequest] = http.match({ method: 'POST', url: KEYS });
      earlyRequest.flush(...stepUpRequired());
      await settle();
      await confirmWith('stepped-up-token');
      http.expectOne({ method: 'POST', url: KEYS }).flush({ name: 'early' });
      await early;

      lateRequest.flush(...stepUpRequired());
      await settle();
      expect(TestBed.inject(StepUp).asking()).toBe(false);
      const retry = http.expectOne({ method: 'POST', url: KEYS });
      expect(retry.request.headers.get('Authorization')).toBe('Bearer stepped-up-token');
      retry.flush({ name: 'late' });
      expect(await late).toEqual({ name: 'late' });
    });

    it('leaves other 401s to the refresh, as before', async () => {
      await signIn('old-token');
      const answer = firstValueFrom(client.post(KEYS, { name: 'backup' }));
      http.expectOne({ method: 'POST', url: KEYS }).flush(...problem(401, 'token_expired'));
      await settle();
      expect(TestBed.inject(StepUp).asking()).toBe(false);
      http.expectOne(`${API_BASE}/auth/refresh`).flush(aLoginResponse('new-token'));
      await settle();
      http.expectOne({ method: 'POST', url: KEYS }).flush({});
      await answer;
    });
  });
});
