import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { aLoginResponse, signIn } from '../../../testing/auth-testing';
import { API_BASE } from '../api';
import { authInterceptor } from './auth-interceptor';

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

  it('passes a 401 from the login itself to the caller without a refresh', async () => {
    const answer = firstValueFrom(client.post(`${API_BASE}/auth/login`, { username: 'ada', password: 'wrong' }));
    http.expectOne(`${API_BASE}/auth/login`).flush({ code: 'invalid_credentials' }, expired);
    await expect(answer).rejects.toMatchObject({ status: 401 });
    http.expectNone(`${API_BASE}/auth/refresh`);
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
});
