import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Image, TagCount } from '@lightbox/auth-contracts';
import { Router } from '@angular/router';
import { aUser, signIn } from '../../testing/auth-testing';
import { button, element, fakeObjectUrls, field, polyfillDialog } from '../../testing/dom';
import { anImage } from '../../testing/image-testing';
import { API_BASE } from '../core/api';
import { GalleryPage } from './gallery-page';

describe('GalleryPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: '', component: GalleryPage }], withComponentInputBinding())],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function openGallery(url: string, tags: TagCount[] = []) {
    const harness = await RouterTestingHarness.create(url);
    http.expectOne(`${API_BASE}/tags`).flush(tags);
    const page = harness.routeNativeElement as HTMLElement;
    return {
      page,
      /** The one page request the gallery has out now. */
      pageRequest: () => http.expectOne((request) => request.url === `${API_BASE}/images`),
      async answer(request: TestRequest, items: Image[], nextCursor: string | null = null) {
        request.flush({ items, next_cursor: nextCursor });
        await harness.fixture.whenStable();
      },
      /** Lets a navigation finish and its page request go out (stability would wait for the answer). */
      settle: () => new Promise((resolve) => setTimeout(resolve)),
      harness,
      captions: () => Array.from(page.querySelectorAll('ul[aria-label=Images] .caption'), (caption) => caption.textContent?.trim()),
      emptyState: () => page.querySelector('p[role=status]')?.textContent?.trim(),
    };
  }

  it('shows each image as a link to its page, an untitled one said so', async () => {
    const gallery = await openGallery('/');
    await gallery.answer(gallery.pageRequest(), [anImage('harbour'), anImage('')]);
    expect(gallery.captions()).toEqual(['harbour', 'Untitled']);
    const links = Array.from(gallery.page.querySelectorAll<HTMLAnchorElement>('ul[aria-label=Images] a'), (link) => link.getAttribute('href'));
    expect(links).toEqual(['/images/image-harbour', '/images/image-']);
    const thumbnail = element<HTMLImageElement>(gallery.page, 'ul[aria-label=Images] img');
    expect(thumbnail.getAttribute('src')).toBe(`${API_BASE}/images/image-harbour/thumbnail`);
    // 640 × 480: the thumbnail is 480 px wide, the preview the whole 640, for a large tile on a sharp screen.
    expect(thumbnail.getAttribute('srcset')).toBe(`${API_BASE}/images/image-harbour/thumbnail 480w, ${API_BASE}/images/image-harbour/preview 640w`);
    expect(thumbnail.getAttribute('sizes')).toBe('(max-width: 40rem) 8rem, 23rem');
    expect(gallery.page.querySelectorAll('img')[1].alt).toBe('Untitled image');
    expect(gallery.emptyState()).toBeUndefined();
  });

  it('filters by the tag in the address, and shows that tag as chosen once the tags arrive', async () => {
    const gallery = await openGallery('/?tag=sea', [{ name: 'forest', count: 2 }, { name: 'sea', count: 3 }]);
    const request = gallery.pageRequest();
    expect(request.request.params.get('tag')).toBe('sea');
    await gallery.answer(request, []);
    expect(element<HTMLSelectElement>(gallery.page, 'select').value).toBe('sea');
    expect(gallery.emptyState()).toBe('No image matches.');
  });

  it('asks the API for the tag chosen in the list', async () => {
    const gallery = await openGallery('/', [{ name: 'forest', count: 2 }, { name: 'sea', count: 3 }]);
    await gallery.answer(gallery.pageRequest(), [anImage('harbour'), anImage('pines')]);
    const select = element<HTMLSelectElement>(gallery.page, 'select');
    select.value = 'forest';
    select.dispatchEvent(new Event('change'));
    await gallery.settle();
    const request = gallery.pageRequest();
    expect(request.request.params.get('tag')).toBe('forest');
    expect(request.request.params.has('cursor')).toBe(false);
    await gallery.answer(request, [anImage('pines')]);
    expect(gallery.captions()).toEqual(['pines']);
  });

  it('asks the API for the words searched for, trimmed', async () => {
    const gallery = await openGallery('/');
    await gallery.answer(gallery.pageRequest(), []);
    element<HTMLInputElement>(gallery.page, 'input[type=search]').value = '  ship log ';
    button(gallery.page, 'Search').click();
    await gallery.settle();
    const request = gallery.pageRequest();
    expect(request.request.params.get('q')).toBe('ship log');
    await gallery.answer(request, [anImage('ship log')]);
    expect(gallery.captions()).toEqual(['ship log']);
  });

  it('appends the next page at its cursor, keeping the filter, and offers no more after the last', async () => {
    const gallery = await openGallery('/?tag=sea');
    await gallery.answer(gallery.pageRequest(), [anImage('harbour'), anImage('beach')], 'cursor-2');
    button(gallery.page, 'Load more').click();
    const next = gallery.pageRequest();
    expect(next.request.params.get('cursor')).toBe('cursor-2');
    expect(next.request.params.get('tag')).toBe('sea');
    await gallery.answer(next, [anImage('wreck')]);
    expect(gallery.captions()).toEqual(['harbour', 'beach', 'wreck']);
    expect(() => button(gallery.page, 'Load more')).toThrow();
  });

  it('says there are no images yet once an empty gallery has answered, not while it loads', async () => {
    const gallery = await openGallery('/');
    const request = gallery.pageRequest();
    expect(gallery.emptyState()).toBeUndefined();
    await gallery.answer(request, []);
    expect(gallery.emptyState()).toBe('No images yet.');
    expect(gallery.captions()).toEqual([]);
  });

  it('says why a page did not load, and asks for that page again on Try again', async () => {
    const gallery = await openGallery('/');
    await gallery.answer(gallery.pageRequest(), [anImage('harbour')], 'cursor-2');
    button(gallery.page, 'Load more').click();
    gallery.pageRequest().flush(null, { status: 503, statusText: 'Service Unavailable' });
    await gallery.settle();
    expect(gallery.page.querySelector('[role=alert]')?.textContent?.trim()).toBe('The server ran into a problem. Try again.');
    expect(() => button(gallery.page, 'Load more')).toThrow();

    button(gallery.page, 'Try again').click();
    const again = gallery.pageRequest();
    expect(again.request.params.get('cursor')).toBe('cursor-2');
    await gallery.answer(again, [anImage('wreck')]);
    expect(gallery.captions()).toEqual(['harbour', 'wreck']);
    expect(gallery.page.querySelector('[role=alert]')).toBeNull();
  });

  describe('choosing several images', () => {
    let restoreDialog: () => void;
    let objectUrls: ReturnType<typeof fakeObjectUrls>;
    const someoneElse = { id: 'e3b0c442-98fc-4c14-9afb-f4c8996fb924', username: 'grace' };
    const shown = () => [anImage('harbour'), anImage('beach', { tags: ['sea'] }), anImage('wreck'), anImage('theirs', { owner: someoneElse })];

    beforeAll(() => (objectUrls = fakeObjectUrls()));
    afterAll(() => objectUrls.restore());
    beforeEach(() => (restoreDialog = polyfillDialog()));
    afterEach(() => restoreDialog());

    async function openAsEditor() {
      await signIn('token-1', aUser());
      const gallery = await openGallery('/');
      await gallery.answer(gallery.pageRequest(), shown());
      const tile = (title: string) => element(gallery.page, `li:has(img[alt="${title}"])`);
      return {
        ...gallery,
        tile,
        pick: (title: string, shiftKey = false) => button(tile(title), `Choose ${title}`).dispatchEvent(new MouseEvent('click', { bubbles: true, shiftKey })),
        chosen: () => Array.from(gallery.page.querySelectorAll('[role=checkbox][aria-checked=true]'), (box) => box.getAttribute('aria-label')),
        bar: () => element(gallery.page, 'section[aria-label="Chosen images"]'),
        said: () => gallery.page.querySelector('section [role=status]')?.textContent?.trim(),
        alert: () => gallery.page.querySelector('section [role=alert]')?.textContent?.trim(),
        settled: () => gallery.harness.fixture.whenStable(),
      };
    }

    it('offers a tick on the images one may change only, and none to a visitor', async () => {
      const gallery = await openAsEditor();
      expect(Array.from(gallery.page.querySelectorAll('[role=checkbox]'), (box) => box.getAttribute('aria-label'))).toEqual([
        'Choose harbour',
        'Choose beach',
        'Choose wreck',
      ]);
      expect(gallery.bar().querySelector('button')).toBeNull();
    });

    it('chooses by ticks, a range by shift, and then by clicking a photo, which no longer opens it; Escape lets go', async () => {
      const gallery = await openAsEditor();
      gallery.pick('harbour');
      await gallery.settled();
      expect(gallery.bar().textContent).toContain('1 image chosen');
      gallery.pick('wreck', true);
      await gallery.settled();
      expect(gallery.chosen()).toEqual(['Choose harbour', 'Choose beach', 'Choose wreck']);

      const link = element<HTMLAnchorElement>(gallery.tile('beach'), 'a');
      expect(link.hasAttribute('href')).toBe(false);
      link.click();
      await gallery.settled();
      expect(gallery.chosen()).toEqual(['Choose harbour', 'Choose wreck']);
      expect(TestBed.inject(Router).url).toBe('/');
      // Another's image is not chosen by a click either.
      element<HTMLAnchorElement>(gallery.tile('theirs'), 'a').click();
      await gallery.settled();
      expect(gallery.chosen()).toEqual(['Choose harbour', 'Choose wreck']);

      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
      await gallery.settled();
      expect(gallery.chosen()).toEqual([]);
      expect(element<HTMLAnchorElement>(gallery.tile('beach'), 'a').getAttribute('href')).toBe('/images/image-beach');
    });

    it('adds tags to each image chosen, keeping its own, and says which one the API refused and why', async () => {
      const gallery = await openAsEditor();
      gallery.pick('harbour');
      gallery.pick('beach');
      gallery.pick('wreck');
      await gallery.settled();
      button(gallery.bar(), 'Add tags…').click();
      await gallery.settled();
      field(gallery.bar(), 'Tags to add').value = 'sea, summer';
      button(gallery.bar(), 'Add tags').click();

      const patches = http.match((request) => request.method === 'PATCH');
      expect(patches.map((patch) => [patch.request.url, patch.request.body])).toEqual([
        [`${API_BASE}/images/image-harbour`, { tags: ['sea', 'summer'] }],
        [`${API_BASE}/images/image-beach`, { tags: ['sea', 'sea', 'summer'] }],
        [`${API_BASE}/images/image-wreck`, { tags: ['sea', 'summer'] }],
      ]);
      patches[0].flush(anImage('harbour', { tags: ['sea', 'summer'] }));
      patches[1].flush(anImage('beach', { tags: ['sea', 'summer'] }));
      patches[2].flush(
        { type: 'about:blank', title: 'Forbidden', status: 403, code: 'forbidden', detail: 'You may not change this image.' },
        { status: 403, statusText: 'Forbidden', headers: { 'content-type': 'application/problem+json' } },
      );
      await gallery.settled();
      http.expectOne(`${API_BASE}/tags`).flush([{ name: 'sea', count: 2 }, { name: 'summer', count: 2 }]);
      await gallery.settled();

      expect(gallery.said()).toBe('Tagged “sea”, “summer” 2 of 3 images.');
      expect(gallery.alert()).toMatch(/^“wreck” could not be tagged: /);
      expect(Array.from(element<HTMLSelectElement>(gallery.page, 'select').options, (option) => option.value)).toEqual(['', 'sea', 'summer']);
      expect(gallery.chosen()).toEqual(['Choose harbour', 'Choose beach', 'Choose wreck']);
    });

    it('makes the images chosen public or private', async () => {
      const gallery = await openAsEditor();
      gallery.pick('harbour');
      await gallery.settled();
      button(gallery.bar(), 'Make private').click();
      const patch = http.expectOne(`${API_BASE}/images/image-harbour`);
      expect(patch.request.body).toEqual({ visibility: 'private' });
      patch.flush(anImage('harbour', { visibility: 'private' }));
      await gallery.settled();
      http.expectOne(`${API_BASE}/tags`).flush([]);
      await gallery.settled();
      expect(gallery.said()).toBe('Made private 1 image.');
      expect(element(gallery.tile('harbour'), '.badge').textContent?.trim()).toBe('Private');
      // Private now: its thumbnail comes with the token, and is the only rendition offered.
      http.expectOne(`${API_BASE}/images/image-harbour/thumbnail`).flush(new Blob(['webp']));
      await gallery.settled();
      const thumbnail = element<HTMLImageElement>(gallery.tile('harbour'), 'img');
      expect(thumbnail.getAttribute('src')).toMatch(/^blob:/);
      expect(thumbnail.hasAttribute('srcset')).toBe(false);
    });

    it('asks once, naming how many, before deleting them all; Keep them deletes nothing', async () => {
      const gallery = await openAsEditor();
      gallery.pick('harbour');
      gallery.pick('wreck');
      await gallery.settled();
      button(gallery.bar(), 'Delete…').click();
      await gallery.settled();
      const question = element<HTMLDialogElement>(gallery.page, 'dialog[aria-labelledby=bulk-delete-title]');
      expect(question.open).toBe(true);
      expect(question.querySelector('h2')?.textContent?.trim()).toBe('Delete 2 images?');
      button(question, 'Keep them').click();
      await gallery.settled();
      expect(question.open).toBe(false);
      http.expectNone((request) => request.method === 'DELETE');

      button(gallery.bar(), 'Delete…').click();
      button(question, 'Delete 2 images').click();
      const deletes = http.match((request) => request.method === 'DELETE');
      expect(deletes.map((request) => request.request.url)).toEqual([`${API_BASE}/images/image-harbour`, `${API_BASE}/images/image-wreck`]);
      for (const request of deletes) request.flush(null, { status: 204, statusText: 'No Content' });
      await gallery.settled();
      http.expectOne(`${API_BASE}/tags`).flush([]);
      await gallery.settled();
      expect(gallery.captions()).toEqual(['beach', 'theirs']);
      expect(gallery.said()).toBe('Deleted 2 images.');
      expect(gallery.chosen()).toEqual([]);
    });
  });
});
