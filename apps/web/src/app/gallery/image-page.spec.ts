import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Image, Scope } from '@lightbox/auth-contracts';
import { aUser, signIn } from '../../testing/auth-testing';
import { anImage } from '../../testing/image-testing';
import { API_BASE } from '../core/api';
import { Browsing } from './browsing';
import { ImagePage } from './image-page';

const SOMEONE_ELSE = { id: '7d1e0a52-3c4b-4f6e-8a9b-0c1d2e3f4a5b', username: 'grace' };

/** The image's page as someone with `scopes` opens it (a visitor without), its image answered. */
async function openImagePage(image: Image, scopes?: Scope[]) {
  if (scopes) await signIn('token', aUser(scopes));
  const http = TestBed.inject(HttpTestingController);
  const harness = await RouterTestingHarness.create(`/images/${image.id}`);
  http.expectOne(`${API_BASE}/images/${image.id}`).flush(image);
  await harness.fixture.whenStable();
  return { http, harness, page: harness.routeNativeElement as HTMLElement };
}

describe('ImagePage', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'images/:id', component: ImagePage }, { path: 'albums/:id', component: ImagePage }], withComponentInputBinding())],
    });
  });

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it.each<{ who: string; scopes: Scope[]; whose: 'their own' | "someone else's"; edits: boolean }>([
    { who: 'an editor', scopes: ['images:read', 'images:write'], whose: 'their own', edits: true },
    { who: 'an editor', scopes: ['images:read', 'images:write'], whose: "someone else's", edits: false },
    { who: 'an admin', scopes: ['images:read', 'images:write', 'users:manage'], whose: "someone else's", edits: true },
    { who: 'a viewer', scopes: ['images:read'], whose: 'their own', edits: false },
  ])("$who is offered the edit form on $whose image: $edits", async ({ scopes, whose, edits }) => {
    const { page } = await openImagePage(anImage('harbour', whose === 'their own' ? {} : { owner: SOMEONE_ELSE }), scopes);
    expect(page.querySelector('h1')?.textContent).toBe('harbour');
    expect(page.textContent?.includes('Save changes')).toBe(edits);
  });

  it('keeps what the editor typed when the image is answered again, and shows the saved values after Save', async () => {
    const { http, harness, page } = await openImagePage(anImage('harbour'), ['images:read', 'images:write']);
    const title = page.querySelector('input[formcontrolname="title"]') as HTMLInputElement;
    title.value = 'Ship log';
    title.dispatchEvent(new Event('input'));

    await signIn('token-2', aUser(['images:read', 'images:write', 'users:manage'])); // a new user reloads the image
    harness.fixture.detectChanges();
    http.expectOne(`${API_BASE}/images/image-harbour`).flush(anImage('harbour'));
    await harness.fixture.whenStable();
    expect(title.value).toBe('Ship log');

    (page.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    const update = http.expectOne({ method: 'PATCH', url: `${API_BASE}/images/image-harbour` });
    expect(update.request.body).toMatchObject({ title: 'Ship log' });
    update.flush(anImage('Ship log', { id: 'image-harbour' }));
    await harness.fixture.whenStable();
    expect(page.querySelector('h1')?.textContent).toBe('Ship log');
    expect(title.value).toBe('Ship log');
  });

  it('lists what the camera recorded, and lets the owner show where it was taken, which then is shown', async () => {
    const exif = { camera: 'FUJIFILM X-T4', lens: null, exposure_seconds: 0.004, f_number: 5.6, iso: 160, focal_length_mm: 23, taken_at: '2024-07-14T18:03:12', has_location: true, location: null };
    const { http, harness, page } = await openImagePage(anImage('harbour', { exif }), ['images:read', 'images:write']);
    const recorded = () => Array.from(page.querySelectorAll('[data-testid="exif"] dt'), (term) => `${term.textContent}: ${term.nextElementSibling?.textContent}`);
    expect(recorded()).toContain('Camera: FUJIFILM X-T4');
    expect(recorded()).toContain('Exposure: 1/250 s · f/5.6 · ISO 160 · 23 mm');
    expect(recorded().some((line) => line.startsWith('Where'))).toBe(false);

    const show = Array.from(page.querySelectorAll('label')).find((label) => label.textContent?.includes('Show where it was taken'))?.querySelector('input');
    expect(show?.checked).toBe(false);
    show?.click();
    (page.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    const update = http.expectOne({ method: 'PATCH', url: `${API_BASE}/images/image-harbour` });
    expect(update.request.body).toMatchObject({ location_shown: true });
    update.flush(anImage('harbour', { exif: { ...exif, location: { latitude: 48.6493, longitude: -2.0257 } }, location_shown: true }));
    await harness.fixture.whenStable();
    expect(recorded()).toContain('Where: 48.6493° N, 2.0257° W · Map');
    expect(page.querySelector<HTMLAnchorElement>('[data-testid="exif"] a')?.href).toContain('openstreetmap.org/?mlat=48.6493&mlon=-2.0257');
  });

  it('offers no location choice for a file that records no place, and sends none', async () => {
    const { http, page } = await openImagePage(anImage('harbour'), ['images:read', 'images:write']);
    expect(page.textContent).not.toContain('Show where it was taken');
    expect(page.querySelector('[data-testid="exif"]')).toBeNull();
    (page.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    const update = http.expectOne({ method: 'PATCH', url: `${API_BASE}/images/image-harbour` });
    expect(Object.keys(update.request.body as object)).not.toContain('location_shown');
    update.flush(anImage('harbour'));
  });

  it('offers Try again when the server did not answer, and not when the image is gone', async () => {
    const harness = await RouterTestingHarness.create('/images/image-harbour');
    const http = TestBed.inject(HttpTestingController);
    const page = harness.routeNativeElement as HTMLElement;
    const tryAgain = () => Array.from(page.querySelectorAll('button')).find((button) => button.textContent?.trim() === 'Try again');
    http.expectOne(`${API_BASE}/images/image-harbour`).error(new ProgressEvent('error'));
    await harness.fixture.whenStable();
    expect(page.querySelector('[role=alert]')?.textContent).toContain('does not answer');

    tryAgain()?.click();
    await harness.fixture.whenStable();
    http.expectOne(`${API_BASE}/images/image-harbour`).flush({ code: 'not_found', status: 404, title: 'Not Found' }, { status: 404, statusText: 'Not Found' });
    await harness.fixture.whenStable();
    expect(page.querySelector('[role=alert]')?.textContent?.trim()).toBe('It is not there any more. It may have been deleted.');
    expect(tryAgain()).toBeUndefined();
  });

  it('shows the server\'s words beside the field it refused, in words, not paths', async () => {
    const { http, harness, page } = await openImagePage(anImage('harbour'), ['images:read', 'images:write']);
    const tags = page.querySelector('input[formcontrolname="tags"]') as HTMLInputElement;
    tags.value = 'sea, bad tag!';
    tags.dispatchEvent(new Event('input'));
    (page.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    http.expectOne({ method: 'PATCH', url: `${API_BASE}/images/image-harbour` }).flush(
      { code: 'validation_failed', status: 400, title: 'Bad Request', errors: [{ path: 'tags.1', message: 'Use 1–40 letters, digits or dashes, starting with a letter or digit.' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await harness.fixture.whenStable();

    expect(page.querySelector('#tags-problem')?.textContent?.trim()).toBe('Tag 2: Use 1–40 letters, digits or dashes, starting with a letter or digit.');
    expect(tags.getAttribute('aria-invalid')).toBe('true');
    expect(tags.getAttribute('aria-describedby')).toBe('tags-problem tags-hint');
    expect(page.querySelector('[role=alert]')?.textContent?.trim()).toBe('Please check the fields marked.');
    expect(page.textContent).not.toContain('tags.1');
    expect(page.querySelector('input[formcontrolname="title"]')?.getAttribute('aria-invalid')).toBeNull();
  });

  it('steps to the neighbours of the list it was opened from by the arrow keys, in place, and leads back to that list', async () => {
    TestBed.inject(Browsing).remember({ url: '/albums/album-1', label: 'Brittany', ids: ['image-a', 'image-harbour', 'image-c'] });
    const { http, harness, page } = await openImagePage(anImage('harbour'));
    expect(page.querySelector('p a')?.textContent).toBe('← Brittany');
    expect(page.querySelector('p a')?.getAttribute('href')).toBe('/albums/album-1');
    expect(page.querySelector('a[aria-label="Next image"]')?.getAttribute('href')).toBe('/images/image-c');

    const router = TestBed.inject(Router);
    const navigate = jest.spyOn(router, 'navigate');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    expect(navigate).toHaveBeenCalledWith(['/images', 'image-c'], { replaceUrl: true });
    await harness.fixture.whenStable();
    http.expectOne(`${API_BASE}/images/image-c`).flush(anImage('c', { id: 'image-c' }));
    await harness.fixture.whenStable();
    // The last has no next: the key does nothing, and no link is offered.
    navigate.mockClear();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    expect(navigate).not.toHaveBeenCalled();
    expect((harness.routeNativeElement as HTMLElement).querySelector('a[aria-label="Next image"]')).toBeNull();
  });

  it('leaves the arrow keys to a field being typed in, and offers no neighbours to an image opened from elsewhere', async () => {
    const { page } = await openImagePage(anImage('harbour'), ['images:read', 'images:write']);
    expect(page.querySelector('p a')?.textContent).toBe('← Gallery');
    expect(page.querySelector('a.step')).toBeNull();

    TestBed.inject(Browsing).remember({ url: '/', label: 'Gallery', ids: ['image-harbour', 'image-b'] });
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate');
    page.querySelector('input[formcontrolname="title"]')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    expect(navigate).not.toHaveBeenCalled();
  });

  it('zooms into the original at its own size and back, and opens the next image fitted', async () => {
    TestBed.inject(Browsing).remember({ url: '/', label: 'Gallery', ids: ['image-harbour', 'image-c'] });
    const { http, harness, page } = await openImagePage(anImage('harbour'));
    const photo = () => page.querySelector('.canvas img') as HTMLImageElement;
    const zoom = () => Array.from(page.querySelectorAll('button')).find((button) => button.textContent?.trim() === 'Zoom') as HTMLButtonElement;
    expect(photo().getAttribute('src')).toBe(`${API_BASE}/images/image-harbour/preview`);
    expect(zoom().getAttribute('aria-pressed')).toBe('false');

    zoom().click();
    await harness.fixture.whenStable();
    expect(zoom().getAttribute('aria-pressed')).toBe('true');
    expect(photo().getAttribute('src')).toBe(`${API_BASE}/images/image-harbour/file`);
    expect(page.querySelector('.canvas')?.classList).toContain('zoomed');
    photo().dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    await harness.fixture.whenStable();
    expect(photo().getAttribute('src')).toBe(`${API_BASE}/images/image-harbour/preview`);

    zoom().click();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    await harness.fixture.whenStable();
    http.expectOne(`${API_BASE}/images/image-c`).flush(anImage('c', { id: 'image-c' }));
    await harness.fixture.whenStable();
    expect(zoom().getAttribute('aria-pressed')).toBe('false');
    expect(photo().getAttribute('src')).toBe(`${API_BASE}/images/image-c/preview`);
  });

  it('shows the details beside the photo on a wide screen, and hides them on Details', async () => {
    const { harness, page } = await openImagePage(anImage('harbour'));
    const details = page.querySelector('#image-details') as HTMLElement;
    const toggle = page.querySelector('button[aria-controls="image-details"]') as HTMLButtonElement;
    expect(details.hidden).toBe(false);
    expect(details.textContent).toContain('Uploaded');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    toggle.click();
    await harness.fixture.whenStable();
    expect(details.hidden).toBe(true);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
  });
});
