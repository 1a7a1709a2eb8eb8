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

  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
    delete document.documentElement.dataset['theme'];
  });

  async function showAt(url: string) {
    const fixture = TestBed.createComponent(App);
    await TestBed.inject(Router).navigateByUrl(url);
    await fixture.whenStable();
    const header = (fixture.nativeElement as HTMLElement).querySelector('header');
    return {
      header: header as HTMLElement,
      rendered: () => fixture.whenStable(),
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
    expect(app.links()).toEqual(['Lightbox', 'Menu', 'Gallery', 'Albums', 'Upload', 'Shared links', 'Sessions', 'Security', 'Dark', 'Log out']);
  });

  it('shows a share link’s visitor none of the app’s links or controls, signed in or not, and all of them again after', async () => {
    await signIn();
    const app = await showAt('/s/lbs_link');
    expect(app.links()).toEqual(['Lightbox']);
    await app.navigate('/');
    expect(app.links()).toContain('Log out');
  });

  it('opens the menu on a phone from its button, and closes it when a page is opened from it', async () => {
    const app = await showAt('/');
    const menu = app.header.querySelector<HTMLButtonElement>('.menu-button');
    const nav = app.header.querySelector('nav');
    expect(menu?.getAttribute('aria-controls')).toBe(nav?.id);
    expect(menu?.getAttribute('aria-expanded')).toBe('false');
    menu?.click();
    await app.rendered();
    expect(menu?.getAttribute('aria-expanded')).toBe('true');
    expect(nav?.classList.contains('open')).toBe(true);
    await app.navigate('/s/lbs_link');
    await app.navigate('/');
    expect(app.header.querySelector('.menu-button')?.getAttribute('aria-expanded')).toBe('false');
  });

  it('switches to the dark theme and back, and this browser keeps the choice', async () => {
    const app = await showAt('/');
    const dark = () => Array.from(app.header.querySelectorAll('button')).find((button) => button.getAttribute('aria-label') === 'Dark theme');
    expect(document.documentElement.dataset['theme']).toBeUndefined();
    expect(dark()?.getAttribute('aria-pressed')).toBe('false');
    dark()?.click();
    await app.rendered();
    expect(document.documentElement.dataset['theme']).toBe('dark');
    expect(dark()?.getAttribute('aria-pressed')).toBe('true');
    expect(localStorage.getItem('lightbox.theme')).toBe('dark');
    dark()?.click();
    await app.rendered();
    expect(document.documentElement.dataset['theme']).toBe('light');
    expect(localStorage.getItem('lightbox.theme')).toBe('light');
  });
});
