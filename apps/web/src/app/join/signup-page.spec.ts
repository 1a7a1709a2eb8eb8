import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { aLoginResponse, aUser } from '../../testing/auth-testing';
import { button, field } from '../../testing/dom';
import { problem } from '../../testing/mfa-testing';
import { API_BASE } from '../core/api';
import { authInterceptor } from '../core/auth/auth-interceptor';
import { AuthService } from '../core/auth/auth-service';
import { SignupPage } from './signup-page';

const SIGNUP = `${API_BASE}/auth/signup`;

@Component({ template: 'the gallery' })
class Blank {}

describe('SignupPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'signup', component: SignupPage },
          { path: 'login', component: Blank },
          { path: '', component: Blank },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function open() {
    const harness = await RouterTestingHarness.create('/signup');
    const page = () => harness.routeNativeElement as HTMLElement;
    const rendered = async () => {
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setTimeout(resolve));
      await harness.fixture.whenStable();
    };
    return {
      page,
      rendered,
      heading: () => page().querySelector('h1')?.textContent?.trim(),
      async answer(...answer: Parameters<ReturnType<HttpTestingController['expectOne']>['flush']>) {
        http.expectOne({ method: 'GET', url: SIGNUP }).flush(...answer);
        await rendered();
      },
      async signUp(username: string, password: string) {
        for (const [label, value] of [['Username', username], ['Password', password]]) {
          const input = field(page(), label);
          input.value = value;
          input.dispatchEvent(new Event('input'));
        }
        button(page(), 'Create account').click();
        await rendered();
      },
    };
  }

  it('says what a new account may do, and signs the person in as a login would, then goes to the gallery', async () => {
    const signup = await open();
    await signup.answer({ role: 'viewer' });
    expect(signup.heading()).toBe('Create an account');
    expect(signup.page().textContent).toContain('As a viewer, you see the private images');

    await signup.signUp('grace', 'tide and gulls 2026');
    const request = http.expectOne({ method: 'POST', url: SIGNUP });
    expect(request.request.body).toEqual({ username: 'grace', password: 'tide and gulls 2026' });
    request.flush(aLoginResponse('grace-token', { ...aUser(['images:read']), username: 'grace', role: 'viewer' }));
    await signup.rendered();
    expect(TestBed.inject(AuthService).user()?.username).toBe('grace');
    expect(TestBed.inject(AuthService).accessToken()).toBe('grace-token');
    expect(TestBed.inject(Router).url).toBe('/');
  });

  it('says sign-up is closed, with a way to log in, when the server has none (404)', async () => {
    const signup = await open();
    await signup.answer(...problem(404, 'not_found'));
    expect(signup.heading()).toBe('Sign-up is closed');
    expect(signup.page().querySelector('a[href="/login"]')).not.toBeNull();
    expect(signup.page().querySelector('form')).toBeNull();
  });

  it('says sign-up is closed when it closed while the form was filled in', async () => {
    const signup = await open();
    await signup.answer({ role: 'editor' });
    await signup.signUp('grace', 'tide and gulls 2026');
    http.expectOne({ method: 'POST', url: SIGNUP }).flush(...problem(404, 'not_found'));
    await signup.rendered();
    expect(signup.heading()).toBe('Sign-up is closed');
    expect(TestBed.inject(AuthService).isAuthenticated()).toBe(false);
  });

  it('shows the server’s words for a common password beside the password, and stays', async () => {
    const signup = await open();
    await signup.answer({ role: 'viewer' });
    await signup.signUp('grace', 'password1234');
    http
      .expectOne({ method: 'POST', url: SIGNUP })
      .flush(...problem(400, 'validation_failed', { errors: [{ path: 'password', message: 'This password is too common: choose another.' }] }));
    await signup.rendered();
    expect(signup.page().querySelector('#account-password-error')?.textContent?.trim()).toBe('This password is too common: choose another.');
    expect(TestBed.inject(Router).url).toBe('/signup');
  });
});
