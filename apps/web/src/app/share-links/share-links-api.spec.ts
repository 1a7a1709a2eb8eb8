import type { HttpTestingController } from '@angular/common/http/testing';
import type { ShareLinkTarget } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { aCreatedShareLink, aShareLink } from '../../testing/album-testing';
import { withApi } from '../../testing/http-testing';
import { type ShareLinkFilter, ShareLinksApi } from './share-links-api';

describe('ShareLinksApi', () => {
  let api: ShareLinksApi;
  let http: HttpTestingController;

  beforeEach(() => ({ api, http } = withApi(ShareLinksApi)));
  afterEach(() => http.verify());

  it.each<[string, ShareLinkFilter, string | null, string]>([
    ['every link', {}, null, ''],
    ["an album's links, at a cursor", { album_id: 'album-1' }, 'c1', 'album_id=album-1&cursor=c1'],
    ["an image's links", { image_id: 'image-1' }, null, 'image_id=image-1'],
  ])('lists %s', async (_case, filter, cursor, query) => {
    const page = firstValueFrom(api.list(filter, cursor));
    const request = http.expectOne((candidate) => candidate.url === '/api/v1/share-links');
    expect(request.request.params.toString()).toBe(query);
    request.flush({ items: [], next_cursor: null });
    await page;
  });

  it.each<[string, ShareLinkTarget, string]>([
    ['an album', { kind: 'album', album_id: 'album-1', title: 'Brittany' }, '/api/v1/albums/album-1/share-links'],
    ['an image', { kind: 'image', image_id: 'image-1', title: 'harbour' }, '/api/v1/images/image-1/share-links'],
  ])('makes a link to %s at its own address', async (_case, target, url) => {
    const created = aCreatedShareLink(aShareLink('for grandma'));
    const answer = firstValueFrom(api.create(target, { label: 'for grandma' }));
    const request = http.expectOne({ method: 'POST', url });
    expect(request.request.body).toEqual({ label: 'for grandma' });
    request.flush(created);
    expect(await answer).toEqual(created);
  });

  it('revokes with DELETE, changes with PATCH, and reads the accesses at a cursor', async () => {
    const revoked = firstValueFrom(api.revoke('link-1'), { defaultValue: undefined });
    http.expectOne({ method: 'DELETE', url: '/api/v1/share-links/link-1' }).flush(null, { status: 204, statusText: 'No Content' });
    await revoked;

    const changed = firstValueFrom(api.update('link-1', { allow_download: true }));
    const patch = http.expectOne({ method: 'PATCH', url: '/api/v1/share-links/link-1' });
    expect(patch.request.body).toEqual({ allow_download: true });
    patch.flush(aShareLink('x', { allow_download: true }));
    await changed;

    const accesses = firstValueFrom(api.accesses('link-1', 'c3'));
    const read = http.expectOne((candidate) => candidate.url === '/api/v1/share-links/link-1/accesses');
    expect(read.request.params.toString()).toBe('cursor=c3');
    read.flush({ items: [], next_cursor: null });
    await accesses;
  });
});
