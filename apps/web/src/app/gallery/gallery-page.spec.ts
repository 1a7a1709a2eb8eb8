import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Image, TagCount } from '@lightbox/auth-contracts';
import { button, element } from '../../testing/dom';
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
});
