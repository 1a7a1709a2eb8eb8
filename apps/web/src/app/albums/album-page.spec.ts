import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Album, Image, Scope } from '@lightbox/auth-contracts';
import { anAlbum } from '../../testing/album-testing';
import { aUser, signIn } from '../../testing/auth-testing';
import { button, element, field, polyfillDialog } from '../../testing/dom';
import { anImage } from '../../testing/image-testing';
import { problem } from '../../testing/mfa-testing';
import { API_BASE } from '../core/api';
import { AlbumPage } from './album-page';

@Component({ template: '' })
class Blank {}

const SOMEONE_ELSE = { id: '7d1e0a52-3c4b-4f6e-8a9b-0c1d2e3f4a5b', username: 'grace' };
const ALBUM = anAlbum('Brittany', { image_count: 3, description: 'Summer by the sea.' });
const URL = `${API_BASE}/albums/${ALBUM.id}`;
const IMAGES = [anImage('harbour'), anImage('beach'), anImage('lighthouse')];

describe('AlbumPage', () => {
  let http: HttpTestingController;
  let restoreDialog: () => void;

  beforeEach(() => {
    localStorage.clear();
    restoreDialog = polyfillDialog();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'albums/:id', component: AlbumPage }, { path: 'albums', component: Blank }], withComponentInputBinding()),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    restoreDialog();
  });

  async function openAlbum(album: Album = ALBUM, images: Image[] = IMAGES, scopes: Scope[] = ['images:read', 'images:write']) {
    await signIn('token', aUser(scopes));
    const harness = await RouterTestingHarness.create(`/albums/${album.id}`);
    const page = harness.routeNativeElement as HTMLElement;
    const rendered = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await harness.fixture.whenStable();
    };
    http.expectOne(`${API_BASE}/albums/${album.id}`).flush(album);
    http.expectOne((request) => request.url === `${API_BASE}/albums/${album.id}/images`).flush({ items: images, next_cursor: null });
    await rendered();
    return {
      page,
      rendered,
      async answer(request: TestRequest, ...answer: Parameters<TestRequest['flush']>) {
        request.flush(...answer);
        await rendered();
      },
      async click(name: string) {
        button(page, name).click();
        await rendered();
      },
      captions: () => Array.from(page.querySelectorAll('ol[aria-label="Images in this album"] .caption'), (caption) => caption.textContent?.trim().split(/\s+/)[0]),
      tiles: () => Array.from(page.querySelectorAll<HTMLElement>('ol[aria-label="Images in this album"] > li')),
      alert: () => page.querySelector('[role=alert]')?.textContent?.trim(),
      notice: () => page.querySelector('[role=status]')?.textContent?.trim(),
    };
  }

  it.each<{ who: string; scopes: Scope[]; whose: 'their own' | "someone else's"; changes: boolean }>([
    { who: 'an editor', scopes: ['images:read', 'images:write'], whose: 'their own', changes: true },
    { who: 'an editor', scopes: ['images:read', 'images:write'], whose: "someone else's", changes: false },
    { who: 'an admin', scopes: ['images:read', 'images:write', 'users:manage'], whose: "someone else's", changes: true },
    { who: 'a viewer', scopes: ['images:read'], whose: 'their own', changes: false },
  ])('$who is offered the changes to $whose album: $changes', async ({ scopes, whose, changes }) => {
    const album = whose === 'their own' ? ALBUM : { ...ALBUM, owner: SOMEONE_ELSE };
    const view = await openAlbum(album, IMAGES, scopes);
    expect(element(view.page, 'h1').textContent).toBe('Brittany');
    expect(view.page.textContent).toContain('Summer by the sea.');
    expect(view.captions()).toEqual(['harbour', 'beach', 'lighthouse']);
    const offered = (name: string) => {
      try {
        return Boolean(button(view.page, name));
      } catch {
        return false;
      }
    };
    expect(['Share…', 'Edit details', 'Move harbour later', 'Make harbour the cover'].map(offered)).toEqual([changes, changes, changes, changes]);
    expect(view.page.querySelector('input[aria-label="Choose harbour"]') !== null).toBe(changes);
    expect(view.tiles()[0].getAttribute('draggable')).toBe(changes ? 'true' : null);
  });

  it('moves an image later by its button: shows it moved, sends the order up to its new place, and keeps the focus on the button', async () => {
    const view = await openAlbum();
    button(view.page, 'Move harbour later').focus();
    await view.click('Move harbour later');
    expect(view.captions()).toEqual(['beach', 'harbour', 'lighthouse']);
    const order = http.expectOne({ method: 'PUT', url: `${URL}/order` });
    expect(order.request.body).toEqual({ image_ids: ['image-beach', 'image-harbour'] });
    await view.answer(order, null, { status: 204, statusText: 'No Content' });
    expect(view.notice()).toBe('“harbour” is now number 2 of 3.');
    expect(document.activeElement).toBe(button(view.page, 'Move harbour later'));
  });

  it('moves focus to the twin button when an image reaches the start', async () => {
    const view = await openAlbum();
    await view.click('Move beach earlier');
    await view.answer(http.expectOne({ method: 'PUT', url: `${URL}/order` }), null, { status: 204, statusText: 'No Content' });
    expect(view.captions()).toEqual(['beach', 'harbour', 'lighthouse']);
    expect(button(view.page, 'Move beach earlier').disabled).toBe(true);
    expect(document.activeElement).toBe(button(view.page, 'Move beach later'));
  });

  it('moves an image where it is dropped', async () => {
    const view = await openAlbum();
    const [first, , last] = view.tiles();
    first.dispatchEvent(new Event('dragstart', { bubbles: true }));
    const over = new Event('dragover', { bubbles: true, cancelable: true });
    last.dispatchEvent(over);
    expect(over.defaultPrevented).toBe(true); // the drop is allowed here
    last.dispatchEvent(new Event('drop', { bubbles: true, cancelable: true }));
    await view.rendered();
    expect(view.captions()).toEqual(['beach', 'lighthouse', 'harbour']);
    const order = http.expectOne({ method: 'PUT', url: `${URL}/order` });
    expect(order.request.body).toEqual({ image_ids: ['image-beach', 'image-lighthouse', 'image-harbour'] });
    await view.answer(order, null, { status: 204, statusText: 'No Content' });
  });

  it('allows no drop of anything but one of its images', async () => {
    const view = await openAlbum();
    const over = new Event('dragover', { bubbles: true, cancelable: true });
    view.tiles()[1].dispatchEvent(over); // a file dragged in from the desktop, say
    expect(over.defaultPrevented).toBe(false);
  });

  it('puts the images back as they were, and says why, when the server refuses the order', async () => {
    const view = await openAlbum();
    await view.click('Move harbour later');
    await view.answer(http.expectOne({ method: 'PUT', url: `${URL}/order` }), ...problem(403, 'not_owner'));
    expect(view.captions()).toEqual(['harbour', 'beach', 'lighthouse']);
    expect(view.alert()).toBe('Only its owner (or an admin) can change this.');
  });

  it('offers no arranging in an album ordered by date', async () => {
    const view = await openAlbum({ ...ALBUM, sort: 'newest' });
    expect(() => button(view.page, 'Move harbour later')).toThrow();
    expect(view.tiles()[0].getAttribute('draggable')).toBeNull();
    expect(view.page.textContent).toContain('Ordered by upload date');
  });

  it('removes the chosen images from the album, not from the gallery', async () => {
    const view = await openAlbum();
    element<HTMLInputElement>(view.page, 'input[aria-label="Choose harbour"]').click();
    element<HTMLInputElement>(view.page, 'input[aria-label="Choose lighthouse"]').click();
    await view.rendered();
    expect(view.page.textContent).toContain('2 images chosen');
    await view.click('Remove from album');
    const removal = http.expectOne({ method: 'DELETE', url: `${URL}/images` });
    expect(removal.request.body).toEqual({ image_ids: ['image-harbour', 'image-lighthouse'] });
    await view.answer(removal, { ...ALBUM, image_count: 1 });
    expect(view.captions()).toEqual(['beach']);
    expect(view.page.textContent).toContain('1 image ·');
    expect(view.notice()).toBe('Removed 2 images from the album.');
    http.expectNone({ method: 'DELETE', url: `${API_BASE}/images/image-harbour` });
  });

  it('makes an image the cover', async () => {
    const view = await openAlbum();
    await view.click('Make beach the cover');
    const patch = http.expectOne({ method: 'PATCH', url: URL });
    expect(patch.request.body).toEqual({ cover_image_id: 'image-beach' });
    await view.answer(patch, { ...ALBUM, cover_image_id: 'image-beach' });
    expect(() => button(view.page, 'Make beach the cover')).toThrow();
    expect(view.tiles()[1].querySelector('.badge')?.textContent).toBe('cover');
  });

  it('saves the details, and reads the images again in their new order', async () => {
    const view = await openAlbum();
    await view.click('Edit details');
    const title = field(view.page, 'Title');
    title.value = '  Brittany 2026 ';
    title.dispatchEvent(new Event('input'));
    const sort = element<HTMLSelectElement>(view.page, 'select[formcontrolname=sort]');
    sort.value = 'oldest';
    sort.dispatchEvent(new Event('change'));
    await view.click('Save changes');
    const patch = http.expectOne({ method: 'PATCH', url: URL });
    expect(patch.request.body).toEqual({ title: 'Brittany 2026', description: 'Summer by the sea.', visibility: 'private', sort: 'oldest' });
    await view.answer(patch, { ...ALBUM, title: 'Brittany 2026', sort: 'oldest' });
    await view.answer(http.expectOne((request) => request.url === `${URL}/images`), { items: [...IMAGES].reverse(), next_cursor: null });
    expect(element(view.page, 'h1').textContent).toBe('Brittany 2026');
    expect(view.captions()).toEqual(['lighthouse', 'beach', 'harbour']);
    expect(view.notice()).toBe('Saved.');
  });

  it('deletes the album once confirmed, and goes back to the albums', async () => {
    const view = await openAlbum();
    await view.click('Edit details');
    await view.click('Delete album…');
    http.expectNone({ method: 'DELETE', url: URL });
    await view.click('Yes, delete the album');
    await view.answer(http.expectOne({ method: 'DELETE', url: URL }), null, { status: 204, statusText: 'No Content' });
    expect(TestBed.inject(Router).url).toBe('/albums');
  });

  it('opens the share dialog for this album', async () => {
    const view = await openAlbum();
    await view.click('Share…');
    const dialog = element<HTMLDialogElement>(view.page, 'lbx-share-dialog dialog');
    expect(dialog.hasAttribute('open')).toBe(true);
    expect(element(dialog, 'h2').textContent).toBe('Share “Brittany”');
  });
});
