import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { ErrorCode } from '@lightbox/auth-contracts';
import { aHeldBackLoginResponse, aLoginResponse, aUser, signIn } from '../../testing/auth-testing';
import { button, field } from '../../testing/dom';
import { anInvitationPreview, INVITATION_TOKEN } from '../../testing/invitation-testing';
import { problem } from '../../testing/mfa-testing';
import { API_BASE } from '../core/api';
import { authInterceptor } from '../core/auth/auth-interceptor';
import { AuthService } from '../core/auth/auth-service';
import { JoinPage } from './join-page';

const CHECK = `${API_BASE}/invitations/check`;
const ACCEPT = `${API_BASE}/invitations/accept`;
const GRACE = { ...aUser(), username: 'grace' };

@Component({ template: 'another page' })
class Blank {}

describe('JoinPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter(
          [
            { path: 'join/:token', component: JoinPage },
            { path: 'login', component: Blank },
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

  /** The person invited follows the link; the page looks at the invitation at once. */
  async function follow(token = INVITATION_TOKEN) {
    const harness = await RouterTestingHarness.create(`/join/${token}`);
    const page = () => harness.routeNativeElement as HTMLElement;
    const rendered = async () => {
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setTimeout(resolve));
      await harness.fixture.whenStable();
    };
    return {
      page,
      rendered,
      checking: () => http.expectOne({ method: 'POST', url: CHECK }),
      heading: () => page().querySelector('h1')?.textContent?.trim(),
      async shown(preview = anInvitationPreview()) {
        http.expectOne({ method: 'POST', url: CHECK }).flush(preview);
        await rendered();
      },
      async join(username: string, password: string) {
        for (const [label, value] of [['Username', username], ['Password', password]]) {
          const input = field(page(), label);
          input.value = value;
          input.dispatchEvent(new Event('input'));
        }
        button(page(), 'Join').click();
        await rendered();
      },
    };
  }

  it('looks at the invitation with its token, and says who invited the person, as what, until when', async () => {
    const visit = await follow();
    const checking = visit.checking();
    expect(checking.request.body).toEqual({ token: INVITATION_TOKEN });
    checking.flush(anInvitationPreview());
    await visit.rendered();
    expect(visit.heading()).toBe('root invited you to join as an editor');
    expect(visit.page().textContent).toContain('As an editor, you upload images and change your own.');
    expect(visit.page().textContent).toContain('2026');
    expect(field(visit.page(), 'Username')).toBeTruthy();
  });

  it.each<[string, number, ErrorCode, string]>([
    ['an unknown', 401, 'invalid_invitation', 'This invitation does not work'],
    ['a used', 410, 'invitation_used', 'This invitation has already been used'],
    ['an expired', 410, 'invitation_expired', 'This invitation has expired'],
    ['a revoked', 410, 'invitation_revoked', 'This invitation has been withdrawn'],
  ])('shows %s invitation its own page, with a way to log in, and no form', async (_case, status, code, title) => {
    const visit = await follow();
    visit.checking().flush(...problem(status, code));
    await visit.rendered();
    expect(visit.heading()).toBe(title);
    expect(document.activeElement).toBe(visit.page().querySelector('h1'));
    expect(visit.page().querySelector('a[href="/login"]')).not.toBeNull();
    expect(visit.page().querySelector('form')).toBeNull();
    http.expectNone(`${API_BASE}/auth/refresh`);
    expect(TestBed.inject(Router).url).toBe(`/join/${INVITATION_TOKEN}`);
  });

  it('says so, and offers to try again, when the server does not let it look (too many tries)', async () => {
    const visit = await follow();
    visit.checking().flush(...problem(429, 'too_many_requests', {}, { 'Retry-After': '120' }));
    await visit.rendered();
    expect(visit.page().querySelector('[role=alert]')?.textContent?.trim()).toBe('Too many attempts. Try again in 2 minutes.');
    button(visit.page(), 'Try again').click();
    await visit.shown();
    expect(visit.heading()).toBe('root invited you to join as an editor');
  });

  it('joins with the token, the username and the password, is signed in as a login would be, and goes to the gallery', async () => {
    const visit = await follow();
    await visit.shown();
    await visit.join('grace', 'tide and gulls 2026');
    const accept = http.expectOne({ method: 'POST', url: ACCEPT });
    expect(accept.request.body).toEqual({ token: INVITATION_TOKEN, username: 'grace', password: 'tide and gulls 2026' });
    accept.flush(aLoginResponse('grace-token', GRACE));
    await visit.rendered();

    const auth = TestBed.inject(AuthService);
    expect(auth.user()?.username).toBe('grace');
    expect(auth.accessToken()).toBe('grace-token');
    expect(localStorage.getItem('lightbox.session')).toBe('1'); // a reload restores the session, as after a login
    expect(TestBed.inject(Router).url).toBe('/');
  });

  it('sends a person whose role needs a second factor they lack to the Security page', async () => {
    const visit = await follow();
    await visit.shown();
    await visit.join('grace', 'tide and gulls 2026');
    http.expectOne(ACCEPT).flush(aHeldBackLoginResponse('grace-token'));
    await visit.rendered();
    expect(TestBed.inject(Router).url).toBe('/settings/security');
  });

  it('shows the page of the refusal when the invitation was used meanwhile', async () => {
    const visit = await follow();
    await visit.shown();
    await visit.join('grace', 'tide and gulls 2026');
    http.expectOne(ACCEPT).flush(...problem(410, 'invitation_used'));
    await visit.rendered();
    expect(visit.heading()).toBe('This invitation has already been used');
    expect(TestBed.inject(AuthService).isAuthenticated()).toBe(false);
  });

  it('shows a taken username beside the field, and stays, signed out', async () => {
    const visit = await follow();
    await visit.shown();
    await visit.join('root', 'tide and gulls 2026');
    http.expectOne(ACCEPT).flush(...problem(409, 'conflict', { errors: [{ path: 'username', message: 'That username is taken: choose another.' }] }));
    await visit.rendered();
    expect(visit.page().querySelector('#account-username-error')?.textContent?.trim()).toBe('That username is taken: choose another.');
    expect(TestBed.inject(AuthService).isAuthenticated()).toBe(false);
    expect(TestBed.inject(Router).url).toBe(`/join/${INVITATION_TOKEN}`);
  });

  it('asks someone signed in already to log out first, then offers the form', async () => {
    await signIn('ada-token');
    const visit = await follow();
    await visit.shown();
    expect(visit.page().textContent).toContain('You are logged in as ada.');
    expect(visit.page().querySelector('form')).toBeNull();

    button(visit.page(), 'Log out').click();
    await visit.rendered();
    http.expectOne(`${API_BASE}/auth/logout`).flush(null, { status: 204, statusText: 'No Content' });
    await visit.rendered();
    expect(field(visit.page(), 'Username')).toBeTruthy();
  });
});
