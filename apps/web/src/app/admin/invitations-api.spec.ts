import type { HttpTestingController } from '@angular/common/http/testing';
import { firstValueFrom } from 'rxjs';
import { withApi } from '../../testing/http-testing';
import { aCreatedInvitation, anInvitation } from '../../testing/invitation-testing';
import { InvitationsApi } from './invitations-api';

describe('InvitationsApi', () => {
  let api: InvitationsApi;
  let http: HttpTestingController;

  beforeEach(() => ({ api, http } = withApi(InvitationsApi)));
  afterEach(() => http.verify());

  it.each<[string, string | null, string]>([
    ['the first page', null, ''],
    ['a page at a cursor', 'c2', 'cursor=c2'],
  ])('lists %s', async (_case, cursor, query) => {
    const page = firstValueFrom(api.list(cursor));
    const request = http.expectOne((candidate) => candidate.method === 'GET' && candidate.url === '/api/v1/invitations');
    expect(request.request.params.toString()).toBe(query);
    request.flush({ items: [anInvitation('for Grace')], next_cursor: null });
    expect(await page).toEqual({ items: [anInvitation('for Grace')], next_cursor: null });
  });

  it('invites with POST, the request as its body, and hands back the link shown once', async () => {
    const created = aCreatedInvitation(anInvitation('for Grace'));
    const answer = firstValueFrom(api.create({ role: 'editor', note: 'for Grace', expires_in: 86_400 }));
    const request = http.expectOne({ method: 'POST', url: '/api/v1/invitations' });
    expect(request.request.body).toEqual({ role: 'editor', note: 'for Grace', expires_in: 86_400 });
    request.flush(created, { status: 201, statusText: 'Created' });
    expect(await answer).toEqual(created);
  });

  it('revokes with DELETE at the invitation’s own address', async () => {
    const revoked = firstValueFrom(api.revoke('invitation-1'), { defaultValue: undefined });
    const request = http.expectOne({ method: 'DELETE', url: '/api/v1/invitations/invitation-1' });
    expect(request.request.body).toBeNull();
    request.flush(null, { status: 204, statusText: 'No Content' });
    await revoked;
  });
});
