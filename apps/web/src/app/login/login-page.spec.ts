import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { aLoginResponse } from '../../testing/auth-testing';
import { API_BASE } from '../core/api';
import { authInterceptor } from '../core/auth/auth-interceptor';
import { AuthService } from '../core/auth/auth-service';
import { LoginPage } from './login-page';
import { element } from '../../testing/dom';

@Component({ template: 'upload page' })
class Blank {}

describe('LoginPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter(
          [
            { path: 'login', component: LoginPage },
            { path: 'upload', component: Blank },
            { path: '', component: Blank },
          ],
          withComponentInputBinding(),
        ),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function openLogin(url = '/login') {
    const harness = await RouterTestingHarness.create(url);
    const page = harness.routeNativeElement as HTMLElement;
    const input = (name: string) => element<HTMLInputElement>(page, `input[formcontrolname=${name}]`);
    const button = () => element<HTMLButtonElement>(page, 'button[type=submit]');
    return {
      harness,
      page,
      input,
      button,
      alert: () => page.querySelector('[role=alert]')?.textContent?.trim(),
      /** Lets the login's promise chain finish, then renders what it left. */
      async settle() {
        await new Promise((resolve) => setTimeout(resolve));
        await harness.fixture.whenStable();
        harness.detectChanges();
      },
      async submit(username: string, password: string) {
        for (const [name, value] of [['username', username], ['password', password]]) {
          input(name).value = value;
          input(name).dispatchEvent(new Event('input'));
        }
        button().click();
        harness.detectChanges();
      },
    };
  }

  it('asks password managers for the right fields', async () => {
    const { input } = await openLogin();
    expect(input('username').autocomplete).toBe('username');
    expect(input('password').autocomplete).toBe('current-password');
    expect(input('password').type).toBe('password');
  });

  it('logs in and goes to returnUrl', async () => {
    const login = await openLogin('/login?returnUrl=%2Fupload');
    await login.submit('ada', 'correct horse battery');
    expect(login.button().disabled).toBe(true);
    const request = http.expectOne(`${API_BASE}/auth/login`);
    expect(request.request.body).toEqual({ username: 'ada', password: 'correct horse battery' });
    request.flush(aLoginResponse('token-1'));
    await login.settle();
    expect(TestBed.inject(Router).url).toBe('/upload');
    expect(TestBed.inject(AuthService).isAuthenticated()).toBe(true);
  });

  it('never follows a returnUrl that leaves the app', async () => {
    const login = await openLogin('/login?returnUrl=%2F%2Fevil.example');
    await login.submit('ada', 'correct horse battery');
    http.expectOne(`${API_BASE}/auth/login`).flush(aLoginResponse('token-1'));
    await login.settle();
    expect(TestBed.inject(Router).url).toBe('/');
  });

  it('says so when the username or password is wrong, and stays', async () => {
    const login = await openLogin();
    await login.submit('ada', 'wrong');
    http.expectOne(`${API_BASE}/auth/login`).flush(
      { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'invalid_credentials' },
      { status: 401, statusText: 'Unauthorized' },
    );
    await login.settle();
    expect(login.alert()).toBe('Wrong username or password.');
    expect(login.button().disabled).toBe(false);
    expect(login.input('password').value).toBe('');
    expect(TestBed.inject(Router).url).toBe('/login');
  });

  it('tells how long to wait after too many attempts', async () => {
    const login = await openLogin();
    await login.submit('ada', 'wrong');
    http.expectOne(`${API_BASE}/auth/login`).flush(
      { type: 'about:blank', title: 'Too Many Requests', status: 429, code: 'too_many_requests' },
      { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '30' } },
    );
    await login.settle();
    expect(login.alert()).toBe('Too many attempts. Try again in 30 seconds.');
  });

  it('says when the server does not answer', async () => {
    const login = await openLogin();
    await login.submit('ada', 'secret');
    http.expectOne(`${API_BASE}/auth/login`).error(new ProgressEvent('error'), { status: 0 });
    await login.settle();
    expect(login.alert()).toContain('The server does not answer');
  });

  it('asks for both fields before sending anything', async () => {
    const login = await openLogin();
    await login.submit('', '');
    http.expectNone(`${API_BASE}/auth/login`);
    expect(login.page.textContent).toContain('Enter your username.');
    expect(login.page.textContent).toContain('Enter your password.');
  });
});
