import type { HttpTestingController } from '@angular/common/http/testing';
import { firstValueFrom, type Observable } from 'rxjs';
import { anAlbum } from '../../testing/album-testing';
import { withApi } from '../../testing/http-testing';
import { AlbumsApi } from './albums-api';

const ALBUM = anAlbum('Brittany');
const IMAGES = ['image-harbour', 'image-beach'];

describe('AlbumsApi', () => {
  let api: AlbumsApi;
  let http: HttpTestingController;

  beforeEach(() => ({ api, http } = withApi(AlbumsApi)));
  afterEach(() => http.verify());

  it.each<[string, string | null, string]>([
    ['the first page', null, ''],
    ['the page at a cursor', 'c1', 'cursor=c1'],
  ])('lists %s of albums', async (_case, cursor, query) => {
    const page = firstValueFrom(api.list(cursor));
    const request = http.expectOne((candidate) => candidate.url === '/api/v1/albums');
    expect(request.request.method).toBe('GET');
    expect(request.request.params.toString()).toBe(query);
    request.flush({ items: [ALBUM], next_cursor: null });
    expect(await page).toEqual({ items: [ALBUM], next_cursor: null });
  });

  it("lists an album's images at a cursor", async () => {
    const page = firstValueFrom(api.images(ALBUM.id, 'c2'));
    const request = http.expectOne((candidate) => candidate.url === `/api/v1/albums/${ALBUM.id}/images`);
    expect(request.request.method).toBe('GET');
    expect(request.request.params.toString()).toBe('cursor=c2');
    request.flush({ items: [], next_cursor: null });
    await page;
  });

  it.each<[string, (api: AlbumsApi) => Observable<unknown>, string, string, unknown]>([
    ['get', (api) => api.get(ALBUM.id), 'GET', `/api/v1/albums/${ALBUM.id}`, null],
    ['create', (api) => api.create({ title: 'Brittany', visibility: 'public' }), 'POST', '/api/v1/albums', { title: 'Brittany', visibility: 'public' }],
    ['update', (api) => api.update(ALBUM.id, { cover_image_id: null }), 'PATCH', `/api/v1/albums/${ALBUM.id}`, { cover_image_id: null }],
    ['addImages', (api) => api.addImages(ALBUM.id, IMAGES), 'PUT', `/api/v1/albums/${ALBUM.id}/images`, { image_ids: IMAGES }],
    // A DELETE with a body: the ids to take out.
    ['removeImages', (api) => api.removeImages(ALBUM.id, IMAGES), 'DELETE', `/api/v1/albums/${ALBUM.id}/images`, { image_ids: IMAGES }],
  ])('%s sends %s %s and answers the album', async (_name, call, method, url, body) => {
    const answer = firstValueFrom(call(api));
    const request = http.expectOne({ method, url });
    expect(request.request.body).toEqual(body);
    request.flush(ALBUM);
    expect(await answer).toEqual(ALBUM);
  });

  it.each<[string, (api: AlbumsApi) => Observable<void>, string, string, unknown]>([
    ['delete', (api) => api.delete(ALBUM.id), 'DELETE', `/api/v1/albums/${ALBUM.id}`, null],
    ['arrange', (api) => api.arrange(ALBUM.id, IMAGES), 'PUT', `/api/v1/albums/${ALBUM.id}/order`, { image_ids: IMAGES }],
  ])('%s sends %s %s, answered by 204', async (_name, call, method, url, body) => {
    const answer = firstValueFrom(call(api), { defaultValue: undefined });
    const request = http.expectOne({ method, url });
    expect(request.request.body).toEqual(body);
    request.flush(null, { status: 204, statusText: 'No Content' });
    await answer;
  });

  it('encodes an id, so it names one album and never another path', async () => {
    const answer = firstValueFrom(api.get('../users'));
    http.expectOne('/api/v1/albums/..%2Fusers').flush(ALBUM);
    await answer;
  });
});
