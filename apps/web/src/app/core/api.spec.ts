import { apiQuery, apiUrl } from './api';

describe('API addresses', () => {
  it('encodes each segment, so an id names one resource and never another path', () => {
    expect(apiUrl('images', '../users', 'file')).toBe('/api/v1/images/..%2Fusers/file');
  });

  it('leaves empty values out of a query', () => {
    expect(apiQuery({ tag: 'sea', q: '', cursor: null, actor: undefined }).toString()).toBe('tag=sea');
  });
});
