import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { provideHttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { anAlbum } from '../../testing/album-testing';
import { signIn } from '../../testing/auth-testing';
import { button, element, field, polyfillDialog } from '../../testing/dom';
import { anImage } from '../../testing/image-testing';
import { API_BASE } from '../core/api';
import { AddToAlbumDialog } from './add-to-album-dialog';

const SOMEONE_ELSE = { id: '7d1e0a52-3c4b-4f6e-8a9b-0c1d2e3f4a5b', username: 'grace' };

describe('AddToAlbumDialog', () => {
  let http: HttpTestingController;
  let restoreDialog: () => void;

  beforeEach(() => {
    localStorage.clear();
    restoreDialog = polyfillDialog();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    restoreDialog();
  });

  async function openWith(albums = [anAlbum('Brittany'), anAlbum('Grace’s trip', { owner: SOMEONE_ELSE })]) {
    await signIn();
    const fixture = TestBed.createComponent(AddToAlbumDialog);
    await fixture.whenStable();
    fixture.componentInstance.open([anImage('harbour')]);
    const dialog = element<HTMLDialogElement>(fixture.nativeElement, 'dialog');
    const rendered = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    };
    http.expectOne((request) => request.url === `${API_BASE}/albums`).flush({ items: albums, next_cursor: null });
    await rendered();
    return {
      dialog,
      rendered,
      async answer(request: TestRequest, ...answer: Parameters<TestRequest['flush']>) {
        request.flush(...answer);
        await rendered();
      },
      choices: () => Array.from(dialog.querySelectorAll('ul[aria-label="Your albums"] li > span'), (choice) => choice.firstChild?.textContent?.trim()),
    };
  }

  it('offers the albums the person may change, and adds the image to the one chosen', async () => {
    const adding = await openWith();
    expect(adding.dialog.hasAttribute('open')).toBe(true);
    expect(element(adding.dialog, 'h2').textContent).toBe('Add “harbour” to an album');
    expect(adding.choices()).toEqual(['Brittany']);

    button(adding.dialog, 'Add to Brittany').click();
    const put = http.expectOne({ method: 'PUT', url: `${API_BASE}/albums/album-Brittany/images` });
    expect(put.request.body).toEqual({ image_ids: ['image-harbour'] });
    await adding.answer(put, anAlbum('Brittany', { image_count: 1 }));
    expect(adding.dialog.querySelector('[role=status]')?.textContent).toBe('Added “harbour” to “Brittany”.');
    expect(button(adding.dialog, 'Added to Brittany')).toBeTruthy();
  });

  it('makes a new album and adds the image to it', async () => {
    const adding = await openWith([]);
    expect(adding.dialog.textContent).toContain('You have no album to add to yet.');
    button(adding.dialog, 'New album…').click();
    await adding.rendered();
    const title = field(adding.dialog, 'Title');
    title.value = 'Harbours';
    title.dispatchEvent(new Event('input'));
    button(adding.dialog, 'Create and add').click();
    await adding.rendered();
    const create = http.expectOne({ method: 'POST', url: `${API_BASE}/albums` });
    expect(create.request.body).toEqual({ title: 'Harbours', description: '', visibility: 'private' });
    await adding.answer(create, anAlbum('Harbours'));
    const put = http.expectOne({ method: 'PUT', url: `${API_BASE}/albums/album-Harbours/images` });
    expect(put.request.body).toEqual({ image_ids: ['image-harbour'] });
    await adding.answer(put, anAlbum('Harbours', { image_count: 1 }));
    expect(adding.choices()).toEqual(['Harbours']);
    expect(adding.dialog.querySelector('[role=status]')?.textContent).toBe('Added “harbour” to “Harbours”.');
  });
});
