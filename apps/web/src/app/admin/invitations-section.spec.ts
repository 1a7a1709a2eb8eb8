import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { type Invitation, type Role, ROLE_SCOPES } from '@lightbox/auth-contracts';
import { aLoginResponse, aUser, signIn } from '../../testing/auth-testing';
import { button, element, field } from '../../testing/dom';
import { aCreatedInvitation, anInvitation } from '../../testing/invitation-testing';
import { problem, stepUpRequired } from '../../testing/mfa-testing';
import { API_BASE } from '../core/api';
import { authInterceptor } from '../core/auth/auth-interceptor';
import { AuthService } from '../core/auth/auth-service';
import { StepUp } from '../core/auth/step-up';
import { InvitationsSection } from './invitations-section';

const LIST = `${API_BASE}/invitations`;

describe('InvitationsSection', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  /** Signed in with `role`, the section shown with these invitations listed. */
  async function render(role: Role = 'owner', invitations: Invitation[] = []) {
    await signIn('token-1', { ...aUser([...ROLE_SCOPES[role]]), role });
    const fixture = TestBed.createComponent(InvitationsSection);
    document.body.appendChild(fixture.nativeElement);
    const section = fixture.nativeElement as HTMLElement;
    const rendered = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    };
    const answerList = async (items: Invitation[]) => {
      http.expectOne((request) => request.method === 'GET' && request.url === LIST).flush({ items, next_cursor: null });
      await rendered();
    };
    await answerList(invitations);
    const select = (label: string) => {
      const found = Array.from(section.querySelectorAll('label')).find((candidate) => candidate.querySelector('span')?.textContent?.trim() === label);
      return element<HTMLSelectElement>(found ?? section, 'label select');
    };
    return {
      section,
      rendered,
      answerList,
      alert: () => section.querySelector('[role=alert]')?.textContent?.trim(),
      rows: () => Array.from(section.querySelectorAll('tbody tr'), (row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent?.trim().replace(/\s+/g, ' '))),
      roleOptions: () => Array.from(select('Role').options, (option) => option.value),
      choose(label: string, option: string) {
        const list = select(label);
        list.selectedIndex = Array.from(list.options).findIndex((candidate) => candidate.textContent?.trim() === option);
        list.dispatchEvent(new Event('change'));
      },
      async invite(note = '') {
        const input = field(section, 'Note');
        input.value = note;
        input.dispatchEvent(new Event('input'));
        button(section, 'Create invitation').click();
        await rendered();
      },
      cleanUp: () => fixture.nativeElement.remove(),
    };
  }

  it.each<[Role, string[]]>([
    ['owner', ['viewer', 'editor', 'admin']],
    ['admin', ['viewer', 'editor', 'admin']],
  ])('offers someone signed in as %s the roles they may give: %j', async (role, offered) => {
    const invitations = await render(role);
    expect(invitations.roleOptions()).toEqual(offered);
    invitations.cleanUp();
  });

  it('offers no form to someone who may give no role', async () => {
    const invitations = await render('editor');
    expect(() => button(invitations.section, 'Create invitation')).toThrow();
    invitations.cleanUp();
  });

  it.each<[string, object]>([
    ['1 day', { expires_in: 86_400 }],
    ['7 days', {}],
    ['30 days', { expires_in: 2_592_000 }],
  ])('invites with the role and note chosen, for %s (the usual 7 days left for the server to apply)', async (lifetime, expiry) => {
    const invitations = await render();
    invitations.choose('Role', 'Editor: uploads, changes own images');
    invitations.choose('Expires after', lifetime);
    await invitations.invite('  for Grace ');
    const request = http.expectOne({ method: 'POST', url: LIST });
    expect(request.request.body).toEqual({ role: 'editor', note: 'for Grace', ...expiry });
    request.flush(aCreatedInvitation(anInvitation('for Grace')), { status: 201, statusText: 'Created' });
    await invitations.rendered();
    await invitations.answerList([anInvitation('for Grace')]);
    invitations.cleanUp();
  });

  it('shows the link once, with Copy and a QR code, lists the new invitation, and forgets the link on Done', async () => {
    const invitations = await render();
    await invitations.invite('for Grace');
    const created = aCreatedInvitation(anInvitation('for Grace'));
    http.expectOne({ method: 'POST', url: LIST }).flush(created, { status: 201, statusText: 'Created' });
    await invitations.rendered();
    await invitations.answerList([anInvitation('for Grace')]);

    expect(element(invitations.section, '[data-testid=invitation-url]').textContent).toBe(created.url);
    expect(document.activeElement).toBe(element(invitations.section, 'h3'));
    expect(button(invitations.section, 'Copy')).toBeTruthy();
    for (let turn = 0; turn < 5 && !invitations.section.querySelector('img'); turn++) await invitations.rendered(); // the encoder loads
    expect(element<HTMLImageElement>(invitations.section, 'img').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(invitations.rows()).toEqual([[expect.stringContaining('for Grace'), 'editor', 'pending', expect.any(String), 'root', '', 'Revoke…']]);

    button(invitations.section, 'Done').click();
    await invitations.rendered();
    expect(invitations.section.innerHTML).not.toContain(created.token);
    expect(document.activeElement).toBe(button(invitations.section, 'Create invitation'));
    invitations.cleanUp();
  });

  it('asks the person to confirm it is them when the server wants a recent sign-in, then invites', async () => {
    const invitations = await render();
    await invitations.invite();
    http.expectOne({ method: 'POST', url: LIST }).flush(...stepUpRequired());
    await invitations.rendered();
    const stepUp = TestBed.inject(StepUp);
    expect(stepUp.asking()).toBe(true);

    // The dialog's part: the person proves it is them, and says yes.
    const proving = TestBed.inject(AuthService).reauthenticate({ password: 'correct horse battery' });
    await invitations.rendered();
    http.expectOne(`${API_BASE}/auth/reauth`).flush(aLoginResponse('token-2', { ...aUser([...ROLE_SCOPES.owner]), role: 'owner' }));
    await proving;
    stepUp.finish(true);
    await invitations.rendered();

    const retry = http.expectOne({ method: 'POST', url: LIST });
    expect(retry.request.headers.get('Authorization')).toBe('Bearer token-2');
    retry.flush(aCreatedInvitation(anInvitation('')), { status: 201, statusText: 'Created' });
    await invitations.rendered();
    await invitations.answerList([anInvitation('')]);
    expect(invitations.section.querySelector('[data-testid=invitation-url]')).not.toBeNull();
    expect(invitations.alert()).toBeUndefined();
    invitations.cleanUp();
  });

  it('shows nothing went wrong when the person cancels the step-up, and keeps the form', async () => {
    const invitations = await render();
    await invitations.invite('for Grace');
    http.expectOne({ method: 'POST', url: LIST }).flush(...stepUpRequired());
    await invitations.rendered();
    TestBed.inject(StepUp).finish(false);
    await invitations.rendered();
    expect(invitations.alert()).toBeUndefined();
    expect(field(invitations.section, 'Note').value).toBe('for Grace');
    invitations.cleanUp();
  });

  it('lists what became of each invitation: note, role, status, expiry, maker, and who joined with it', async () => {
    const invitations = await render('owner', [
      anInvitation('for Grace', { status: 'used', used_at: '2026-11-02T10:00:00.000Z', used_by: { id: '00000000-0000-4000-8000-0000000000aa', username: 'grace' } }),
      anInvitation('for Ada', { role: 'viewer', status: 'revoked', revoked_at: '2026-11-02T10:00:00.000Z' }),
      anInvitation('', { status: 'expired' }),
      anInvitation('gone', { status: 'used', used_at: '2026-11-02T10:00:00.000Z', used_by: null }),
    ]);
    expect(invitations.rows()).toEqual([
      [expect.stringContaining('for Grace'), 'editor', 'used', expect.stringContaining('2026'), 'root', 'grace', ''],
      [expect.stringContaining('for Ada'), 'viewer', 'revoked', expect.any(String), 'root', '', ''],
      ['lbi_4Fq9Zr2M…', 'editor', 'expired', expect.any(String), 'root', '', ''],
      [expect.stringContaining('gone'), 'editor', 'used', expect.any(String), 'root', 'a deleted user', ''],
    ]);
    invitations.cleanUp();
  });

  it('revokes a pending invitation only after a confirm step, then reads the list again', async () => {
    const invitation = anInvitation('for Grace');
    const invitations = await render('owner', [invitation]);
    button(invitations.section, 'Revoke for Grace…').click();
    await invitations.rendered();
    http.expectNone({ method: 'DELETE', url: `${LIST}/${invitation.id}` });

    button(invitations.section, 'Revoke for Grace').click();
    await invitations.rendered();
    http.expectOne({ method: 'DELETE', url: `${LIST}/${invitation.id}` }).flush(null, { status: 204, statusText: 'No Content' });
    await invitations.rendered();
    await invitations.answerList([{ ...invitation, status: 'revoked', revoked_at: '2026-11-02T10:00:00.000Z' }]);
    expect(invitations.section.querySelector('[role=status]')?.textContent).toContain('The invitation for Grace no longer works.');
    expect(invitations.rows()[0][2]).toBe('revoked');
    expect(() => button(invitations.section, 'Revoke for Grace…')).toThrow();
    invitations.cleanUp();
  });

  it('says why when the server refuses to revoke (it was used meanwhile)', async () => {
    const invitation = anInvitation('for Grace');
    const invitations = await render('owner', [invitation]);
    button(invitations.section, 'Revoke for Grace…').click();
    await invitations.rendered();
    button(invitations.section, 'Revoke for Grace').click();
    await invitations.rendered();
    http
      .expectOne({ method: 'DELETE', url: `${LIST}/${invitation.id}` })
      .flush(...problem(409, 'conflict', { detail: 'This invitation has been used: deactivate the person it made instead.' }));
    await invitations.rendered();
    expect(invitations.alert()).toBe('This invitation has been used: deactivate the person it made instead.');
    invitations.cleanUp();
  });
});
