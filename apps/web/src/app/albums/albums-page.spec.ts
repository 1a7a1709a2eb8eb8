import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Scope } from '@lightbox/auth-contracts';
import { anAlbum } from '../../testing/album-testing';
import { aUser, signIn } from '../../testing/auth-testing';
import { button, fakeObjectUrls, field } from '../../testing/dom';
import { API_BASE } from '../core/api';
import { AlbumsPage } from './albums-page';

@Component({ template: '' })
class Blank {}

describe('AlbumsPage', () => {
  let http: HttpTestingController;
  let objectUrls: ReturnType<typeof fakeObjectUrls>;

  beforeAll(() => (objectUrls = fakeObjectUrls()));
  afterAll(() => objectUrls.restore());

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'albums', component: AlbumsPage }, { path: 'albums/:id', component: Blank }]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function openAlbums(scopes: Scope[] | null) {
    if (scopes) await signIn('token', aUser(scopes));
    const harness = await RouterTestingHarness.create('/albums');
    const page = harness.routeNativeElement as HTMLElement;
    const rendered = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await harness.fixture.whenStable();
    };
    return { page, rendered, list: () => http.expectOne((request) => request.url === `${API_BASE}/albums`) };
  }

  it("shows each album's cover, title and count, an empty one a placeholder", async () => {
    const albums = await openAlbums(null);
    albums.list().flush({
      items: [anAlbum('Brittany', { cover_image_id: 'image-harbour', image_count: 12, visibility: 'public' }), anAlbum('Empty')],
      next_cursor: null,
    });
    await albums.rendered();
    // A cover of unknown visibility is fetched like a private image.
    http.expectOne(`${API_BASE}/images/image-harbour/thumbnail`).flush(new Blob(['webp'], { type: 'image/webp' }));
    await albums.rendered();
    expect(albums.page.querySelector('ul[aria-label=Albums] img')?.getAttribute('src')).toMatch(/^blob:/);
    const cards = Array.from(albums.page.querySelectorAll('ul[aria-label=Albums] li'), (card) => card.textContent?.replace(/\s+/g, ' ').trim());
    expect(cards).toEqual(['Brittany 12 images', 'Empty 0 images · private']);
    expect(albums.page.querySelectorAll('.no-cover')).toHaveLength(1);
    expect(() => button(albums.page, 'New album')).toThrow();
  });

  it('makes a new album for those who may write, and opens it', async () => {
    const albums = await openAlbums(['images:read', 'images:write']);
    albums.list().flush({ items: [], next_cursor: null });
    await albums.rendered();
    expect(albums.page.textContent).toContain('No albums yet.');
    button(albums.page, 'New album').click();
    await albums.rendered();
    const title = field(albums.page, 'Title');
    title.value = 'Brittany';
    title.dispatchEvent(new Event('input'));
    button(albums.page, 'Create album').click();
    await albums.rendered();
    http.expectOne({ method: 'POST', url: `${API_BASE}/albums` }).flush(anAlbum('Brittany'));
    await albums.rendered();
    expect(TestBed.inject(Router).url).toBe('/albums/album-Brittany');
  });

  it('asks for a title before anything is sent', async () => {
    const albums = await openAlbums(['images:read', 'images:write']);
    albums.list().flush({ items: [], next_cursor: null });
    await albums.rendered();
    button(albums.page, 'New album').click();
    await albums.rendered();
    button(albums.page, 'Create album').click();
    await albums.rendered();
    http.expectNone({ method: 'POST', url: `${API_BASE}/albums` });
    expect(albums.page.querySelector('[role=alert]')?.textContent?.trim()).toBe('Give the album a title.');
  });
});
