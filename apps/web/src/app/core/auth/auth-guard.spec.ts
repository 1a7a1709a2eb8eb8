import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { aLoginResponse, aUser, signIn, signInHeldBack } from '../../../testing/auth-testing';
import { authGuard, enrolmentGuard, safeReturnUrl, scopeGuard, visitorGuard } from './auth-guard';

@Component({ template: '' })
class Blank {}

describe('route guards', () => {
  let router: Router;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: '', component: Blank },
          { path: 'login', component: Blank, canActivate: [visitorGuard] },
          { path: 'forbidden', component: Blank },
          { path: 'settings/sessions', component: Blank, canActivate: [authGuard] },
          { path: 'upload', component: Blank, canActivate: [scopeGuard('images:write')] },
          { path: 'settings/security', component: Blank },
          { path: 'gallery', component: Blank, canActivate: [enrolmentGuard] },
        ]),
      ],
    });
    router = TestBed.inject(Router);
  });

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('enrolmentGuard keeps a person the policy asks for a second factor on the Security page', async () => {
    await signInHeldBack();
    await router.navigateByUrl('/gallery');
    expect(router.url).toBe('/settings/security');
  });

  it('enrolmentGuard lets everyone else through, visitors too', async () => {
    await router.navigateByUrl('/gallery');
    expect(router.url).toBe('/gallery');
    await signIn();
    await router.navigateByUrl('/gallery');
    expect(router.url).toBe('/gallery');
  });

  it('authGuard sends a visitor to log in, with the way back', async () => {
    await router.navigateByUrl('/settings/sessions');
    expect(router.url).toBe('/login?returnUrl=%2Fsettings%2Fsessions');
  });

  it('authGuard lets a signed-in user through', async () => {
    await signIn();
    await router.navigateByUrl('/settings/sessions');
    expect(router.url).toBe('/settings/sessions');
  });

  it('tries the session once more when start-up could not restore it', async () => {
    localStorage.setItem('lightbox.session', '1');
    const navigation = router.navigateByUrl('/settings/sessions');
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.inject(HttpTestingController).expectOne('/api/v1/auth/refresh').flush(aLoginResponse('token-2'));
    await navigation;
    expect(router.url).toBe('/settings/sessions');
  });

  it('scopeGuard sends a visitor to log in first', async () => {
    await router.navigateByUrl('/upload');
    expect(router.url).toBe('/login?returnUrl=%2Fupload');
  });

  it('scopeGuard sends a user without the scope to /forbidden', async () => {
    await signIn('token', aUser(['images:read']));
    await router.navigateByUrl('/upload');
    expect(router.url).toBe('/forbidden');
  });

  it('scopeGuard lets a user with the scope through', async () => {
    await signIn('token', aUser(['images:read', 'images:write']));
    await router.navigateByUrl('/upload');
    expect(router.url).toBe('/upload');
  });

  it('visitorGuard sends a signed-in user on to where they were going', async () => {
    await signIn();
    await router.navigateByUrl('/login?returnUrl=%2Fupload');
    expect(router.url).toBe('/upload');
  });

  it.each([
    ['/upload?x=1', '/upload?x=1'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    [undefined, '/'],
  ])('safeReturnUrl(%s) is %s', (returnUrl, expected) => {
    expect(safeReturnUrl(returnUrl)).toBe(expected);
  });
});
