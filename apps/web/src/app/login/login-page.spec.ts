import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { aHeldBackLoginResponse, aLoginResponse } from '../../testing/auth-testing';
import { button, element, field } from '../../testing/dom';
import { anAssertion, FakePasskeys, mfaRequired, passkeyOptions, problem } from '../../testing/mfa-testing';
import { API_BASE } from '../core/api';
import { authInterceptor } from '../core/auth/auth-interceptor';
import { AuthService } from '../core/auth/auth-service';
import { Passkeys } from '../core/auth/passkeys';
import { LoginPage } from './login-page';

@Component({ template: 'upload page' })
class Blank {}

describe('LoginPage', () => {
  let http: HttpTestingController;
  let passkeys: FakePasskeys;

  beforeEach(() => {
    localStorage.clear();
    passkeys = new FakePasskeys();
    passkeys.usableHere = false;
    TestBed.configureTestingModule({
      providers: [
        { provide: Passkeys, useValue: passkeys },
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter(
          [
            { path: 'login', component: LoginPage },
            { path: 'upload', component: Blank },
            { path: 'settings/security', component: Blank },
            { path: '', component: Blank },
          ],
          withComponentInputBinding(),
        ),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  /** Opens the page; its one question, whether sign-up is open, is answered as the server's default would: no (404). */
  async function openLogin(url = '/login', signup: (request: TestRequest) => void = (request) => request.flush(...problem(404, 'not_found'))) {
    const harness = await RouterTestingHarness.create(url);
    signup(http.expectOne({ method: 'GET', url: `${API_BASE}/auth/signup` }));
    await harness.fixture.whenStable();
    const page = harness.routeNativeElement as HTMLElement;
    const input = (name: string) => element<HTMLInputElement>(page, `input[formcontrolname=${name}]`);
    const submitButton = () => element<HTMLButtonElement>(page, 'button[type=submit]');
    return {
      harness,
      page,
      input,
      button: submitButton,
      /** The field of the second step, by its label. */
      field: (label: string) => field(page, label),
      async click(name: string) {
        button(page, name).click();
        await this.settle();
      },
      async type(field: HTMLInputElement, value: string) {
        field.value = value;
        field.dispatchEvent(new Event('input'));
        submitButton().click();
        await this.settle();
      },
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
        submitButton().click();
        harness.detectChanges();
      },
    };
  }

  it('asks password managers for the right fields', async () => {
    const { input } = await openLogin();
    // "webauthn" lets the browser list passkeys among the username suggestions.
    expect(input('username').getAttribute('autocomplete')).toBe('username webauthn');
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

  it('says so when the username or password is wrong, once, and stays', async () => {
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
    // The cleared field is not then called missing: one message, not two.
    expect(login.page.querySelectorAll('.error')).toHaveLength(1);
    expect(login.input('password').getAttribute('aria-invalid')).toBe('false');
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

  describe('the way to sign up', () => {
    const createAccount = (page: HTMLElement) => Array.from(page.querySelectorAll('a')).find((link) => link.textContent?.trim() === 'Create an account');

    it('links to the sign-up page when the server says sign-up is open', async () => {
      const login = await openLogin('/login', (request) => request.flush({ role: 'viewer' }));
      await login.settle();
      expect(createAccount(login.page)?.getAttribute('href')).toBe('/signup');
    });

    it.each<[string, (request: TestRequest) => void]>([
      ['sign-up is off (404)', (request) => request.flush(...problem(404, 'not_found'))],
      ['the server fails', (request) => request.flush(...problem(500, 'internal_error'))],
      ['the server does not answer', (request) => request.error(new ProgressEvent('error'), { status: 0 })],
    ])('shows no link, and says nothing, when %s; and asks only once', async (_case, answer) => {
      const login = await openLogin('/login', answer);
      await login.settle();
      expect(createAccount(login.page)).toBeUndefined();
      expect(login.alert()).toBeUndefined();
      http.expectNone(`${API_BASE}/auth/signup`);
      http.expectNone(`${API_BASE}/auth/refresh`);
    });
  });

  it('asks for both fields before sending anything', async () => {
    const login = await openLogin();
    await login.submit('', '');
    http.expectNone(`${API_BASE}/auth/login`);
    expect(login.page.textContent).toContain('Enter your username.');
    expect(login.page.textContent).toContain('Enter your password.');
  });

  describe('the second step', () => {
    const url = `${API_BASE}/auth/mfa`;

    async function passwordAccepted(methods: Parameters<typeof mfaRequired>[0] = ['totp', 'recovery_code']) {
      const login = await openLogin('/login?returnUrl=%2Fupload');
      await login.submit('ada', 'correct horse battery');
      http.expectOne(`${API_BASE}/auth/login`).flush(...mfaRequired(methods));
      await login.settle();
      return login;
    }

    it('asks for the code from the app, as a one-time code, and logs in with it and the challenge token', async () => {
      const login = await passwordAccepted();
      const code = login.field('Code from your authenticator app');
      expect(code.getAttribute('inputmode')).toBe('numeric');
      expect(code.getAttribute('autocomplete')).toBe('one-time-code');
      expect(document.activeElement).toBe(code);
      expect(TestBed.inject(AuthService).isAuthenticated()).toBe(false);

      await login.type(code, '123 456');
      const request = http.expectOne({ method: 'POST', url });
      expect(request.request.body).toEqual({ mfa_token: 'mfa-token-1', totp: '123456' });
      request.flush(aLoginResponse('token-1'));
      await login.settle();
      expect(TestBed.inject(Router).url).toBe('/upload');
      expect(TestBed.inject(AuthService).isAuthenticated()).toBe(true);
    });

    it('takes a recovery code instead, when asked to', async () => {
      const login = await passwordAccepted();
      await login.click('Use a recovery code');
      await login.type(login.field('Recovery code'), 'ABCD-EFGH-JKLM-NPQR');
      const request = http.expectOne({ method: 'POST', url });
      expect(request.request.body).toEqual({ mfa_token: 'mfa-token-1', recovery_code: 'ABCDEFGHJKLMNPQR' });
      request.flush(aLoginResponse('token-1'));
      await login.settle();
      expect(TestBed.inject(Router).url).toBe('/upload');
    });

    it('stays on the step and says so when the code is wrong or used', async () => {
      const login = await passwordAccepted();
      await login.type(login.field('Code from your authenticator app'), '000000');
      http.expectOne({ method: 'POST', url }).flush(...problem(401, 'invalid_mfa'));
      await login.settle();
      expect(login.alert()).toContain('not accepted');
      expect(login.field('Code from your authenticator app').value).toBe('');
      expect(document.activeElement).toBe(login.page.querySelector('[role=alert]'));
      http.expectNone(`${API_BASE}/auth/refresh`);
      expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fupload');
    });

    it('goes back to the password, saying the sign-in timed out, when the challenge has run out', async () => {
      const login = await passwordAccepted();
      await login.type(login.field('Code from your authenticator app'), '123456');
      http.expectOne({ method: 'POST', url }).flush(...problem(401, 'invalid_token'));
      await login.settle();
      expect(login.alert()).toBe('The sign-in timed out. Enter your password again.');
      expect(login.input('password').value).toBe('');
      expect(login.input('username').value).toBe('ada');
    });

    it('refuses a code that is not six digits without spending an attempt', async () => {
      const login = await passwordAccepted();
      await login.type(login.field('Code from your authenticator app'), '12345');
      http.expectNone({ method: 'POST', url });
      expect(login.alert()).toBe('Enter the 6 digits your app shows.');
    });

    it('says how long to wait after too many codes', async () => {
      const login = await passwordAccepted();
      await login.type(login.field('Code from your authenticator app'), '123456');
      http.expectOne({ method: 'POST', url }).flush(...problem(429, 'too_many_requests', {}, { 'Retry-After': '120' }));
      await login.settle();
      expect(login.alert()).toBe('Too many attempts. Try again in 2 minutes.');
    });

    it('offers a passkey when the person has one, answering the options the challenge came with', async () => {
      passkeys.usableHere = true;
      const login = await passwordAccepted(['webauthn', 'recovery_code']);
      await login.click('Use a passkey');
      expect(passkeys.ceremonies).toEqual([{ kind: 'authenticate', options: expect.objectContaining({ challenge: 'mfa-challenge' }), autofill: false }]);
      const request = http.expectOne({ method: 'POST', url });
      expect(request.request.body).toEqual({ mfa_token: 'mfa-token-1', webauthn: anAssertion() });
      request.flush(aLoginResponse('token-1'));
      await login.settle();
      expect(TestBed.inject(Router).url).toBe('/upload');
    });

    it('offers no passkey where the browser cannot use one', async () => {
      const login = await passwordAccepted(['webauthn', 'recovery_code']);
      expect(() => button(login.page, 'Use a passkey')).toThrow();
      expect(login.field('Recovery code')).toBeTruthy();
    });

    it('sends a person whose role needs a second factor they lack to the Security page, whatever returnUrl says', async () => {
      const login = await openLogin('/login?returnUrl=%2Fupload');
      await login.submit('ada', 'correct horse battery');
      http.expectOne(`${API_BASE}/auth/login`).flush(aHeldBackLoginResponse('token-1'));
      await login.settle();
      expect(TestBed.inject(Router).url).toBe('/settings/security');
    });
  });

  describe('passkeys on the first step', () => {
    const optionsUrl = `${API_BASE}/auth/passkeys/authentication-options`;

    it('signs in with a passkey alone: options asked for without a token, the answer sent back', async () => {
      passkeys.usableHere = true;
      const login = await openLogin('/login?returnUrl=%2Fupload');
      await login.click('Sign in with a passkey');
      const options = http.expectOne({ method: 'POST', url: optionsUrl });
      expect(options.request.headers.has('Authorization')).toBe(false);
      options.flush(passkeyOptions('passwordless'));
      await login.settle();
      expect(passkeys.ceremonies).toEqual([{ kind: 'authenticate', options: passkeyOptions('passwordless'), autofill: false }]);
      const signIn = http.expectOne({ method: 'POST', url: `${API_BASE}/auth/passkeys/login` });
      expect(signIn.request.body).toEqual({ webauthn: anAssertion() });
      signIn.flush(aLoginResponse('token-1'));
      await login.settle();
      expect(TestBed.inject(Router).url).toBe('/upload');
    });

    it('says so when the person closes the browser’s passkey prompt, and stays', async () => {
      passkeys.usableHere = true;
      passkeys.failWith = Object.assign(new Error('The operation either timed out or was not allowed.'), { name: 'NotAllowedError' });
      const login = await openLogin();
      await login.click('Sign in with a passkey');
      http.expectOne(optionsUrl).flush(passkeyOptions());
      await login.settle();
      expect(login.alert()).toBe('No passkey was used: the request was cancelled or timed out.');
      http.expectNone(`${API_BASE}/auth/passkeys/login`);
    });

    it('offers no passkey button where the browser cannot use one', async () => {
      const login = await openLogin();
      expect(() => button(login.page, 'Sign in with a passkey')).toThrow();
      http.expectNone(optionsUrl);
    });

    it('waits in the background for a passkey picked in the username field, and signs in with it', async () => {
      passkeys.usableHere = passkeys.autofillHere = true;
      const login = await openLogin('/login?returnUrl=%2Fupload');
      await login.settle();
      http.expectOne({ method: 'POST', url: optionsUrl }).flush(passkeyOptions('autofill'));
      await login.settle();
      expect(passkeys.ceremonies).toEqual([{ kind: 'authenticate', options: passkeyOptions('autofill'), autofill: true }]);
      passkeys.pickInAutofill();
      await login.settle();
      const signIn = http.expectOne({ method: 'POST', url: `${API_BASE}/auth/passkeys/login` });
      expect(signIn.request.body).toEqual({ webauthn: anAssertion('picked') });
      signIn.flush(aLoginResponse('token-1'));
      await login.settle();
      expect(TestBed.inject(Router).url).toBe('/upload');
    });

    it('ends the background request when the page is left, and shows nothing for it', async () => {
      passkeys.usableHere = passkeys.autofillHere = true;
      const login = await openLogin();
      await login.settle();
      http.expectOne(optionsUrl).flush(passkeyOptions('autofill'));
      await login.settle();
      expect(passkeys.autofillIsWaiting).toBe(true);
      await login.harness.navigateByUrl('/upload');
      expect(passkeys.cancelled).toBe(1);
      expect(passkeys.autofillIsWaiting).toBe(false);
    });

    it('ends the background request when a password is used instead', async () => {
      passkeys.usableHere = passkeys.autofillHere = true;
      const login = await openLogin();
      await login.settle();
      http.expectOne(optionsUrl).flush(passkeyOptions('autofill'));
      await login.settle();
      await login.submit('ada', 'correct horse battery');
      http.expectOne(`${API_BASE}/auth/login`).flush(...mfaRequired());
      await login.settle();
      expect(passkeys.autofillIsWaiting).toBe(false);
      expect(login.alert()).toBeUndefined();
    });
  });
});
