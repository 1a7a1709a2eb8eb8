import type { HttpTestingController } from '@angular/common/http/testing';
import { firstValueFrom } from 'rxjs';
import { withApi } from '../../testing/http-testing';
import { AuditApi, type AuditFilter } from './audit-api';

describe('AuditApi', () => {
  let api: AuditApi;
  let http: HttpTestingController;

  beforeEach(() => ({ api, http } = withApi(AuditApi)));
  afterEach(() => http.verify());

  it.each<[string, AuditFilter, string | null, string]>([
    ['no filter, first page', {}, null, ''],
    ['an event and an actor', { action: 'login.failed', actor: 'ada' }, null, 'action=login.failed&actor=ada'],
    ['the next page of a filter', { action: 'logout' }, 'c1', 'action=logout&cursor=c1'],
    ['all but token refreshes', { exclude_action: 'token.refreshed' }, null, 'exclude_action=token.refreshed'],
  ])('asks for %s', async (_case, filter, cursor, query) => {
    const page = firstValueFrom(api.list(filter, cursor));
    const request = http.expectOne((candidate) => candidate.url === '/api/v1/audit-events');
    expect(request.request.method).toBe('GET');
    expect(request.request.params.toString()).toBe(query);
    request.flush({ items: [], next_cursor: null });
    expect(await page).toEqual({ items: [], next_cursor: null });
  });
});
