import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { signIn } from '../testing/auth-testing';
import { App } from './app';

@Component({ template: '' })
class Blank {}

describe('App', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: '', component: Blank },
          { path: 's/:token', component: Blank },
        ]),
      ],
    });
  });

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  async function showAt(url: string) {
    const fixture = TestBed.createComponent(App);
    await TestBed.inject(Router).navigateByUrl(url);
    await fixture.whenStable();
    const header = (fixture.nativeElement as HTMLElement).querySelector('header');
    return {
      links: () => Array.from(header?.querySelectorAll('a, button') ?? [], (control) => control.textContent?.trim()),
      navigate: async (next: string) => {
        await TestBed.inject(Router).navigateByUrl(next);
        await fixture.whenStable();
      },
    };
  }

  it('shows a signed-in user the app’s links and account, Albums and Shared links among them', async () => {
    await signIn();
    const app = await showAt('/');
    expect(app.links()).toEqual(['Lightbox', 'Gallery', 'Albums', 'Upload', 'Shared links', 'Sessions', 'Security', 'Log out']);
  });

  it('shows a share link’s visitor none of the app’s links or controls, signed in or not, and all of them again after', async () => {
    await signIn();
    const app = await showAt('/s/lbs_link');
    expect(app.links()).toEqual(['Lightbox']);
    await app.navigate('/');
    expect(app.links()).toContain('Log out');
  });
});
