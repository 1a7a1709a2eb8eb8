import { HttpHeaders, HttpRequest } from '@angular/common/http';
import { apiQuery, apiUrl, isShareRequest } from './api';

describe('API addresses', () => {
  it('encodes each segment, so an id names one resource and never another path', () => {
    expect(apiUrl('images', '../users', 'file')).toBe('/api/v1/images/..%2Fusers/file');
  });

  it('leaves empty values out of a query', () => {
    expect(apiQuery({ tag: 'sea', q: '', cursor: null, actor: undefined }).toString()).toBe('tag=sea');
  });

  it.each<[string, HttpRequest<unknown>, boolean]>([
    ['opening a link', new HttpRequest('POST', '/api/v1/share-links/access', {}), true],
    ['a read with a share token', new HttpRequest('GET', '/api/v1/images/1/thumbnail', { headers: new HttpHeaders({ 'X-Share-Token': 's' }) }), true],
    ["the owner's list of links", new HttpRequest('GET', '/api/v1/share-links'), false],
    ['a path that only ends like it', new HttpRequest('POST', '/api/v1/albums/share-links/access', {}), false],
  ])('takes %s for a share request: %s', (_case, request, expected) => {
    expect(isShareRequest(request)).toBe(expected);
  });
});
