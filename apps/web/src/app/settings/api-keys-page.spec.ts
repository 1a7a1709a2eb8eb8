import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ApiKey, Scope } from '@lightbox/auth-contracts';
import { aCreatedApiKey, anApiKey } from '../../testing/api-key-testing';
import { aUser, signIn } from '../../testing/auth-testing';
import { button, element } from '../../testing/dom';
import { API_BASE } from '../core/api';
import { ApiKeysPage } from './api-keys-page';

const KEYS = `${API_BASE}/api-keys`;
const SECRET = 'lbx_0123456789abcdefghijklmnopqrstuvwxyzAB';

describe('ApiKeysPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function openKeys(keys: ApiKey[], scopes: Scope[] = ['images:read', 'images:write', 'api-keys:manage']) {
    await signIn('token', aUser(scopes));
    const fixture = TestBed.createComponent(ApiKeysPage);
    const page = fixture.nativeElement as HTMLElement;
    /** One turn of the event loop: the request a click or an answer leads to is out. */
    const turn = () => new Promise((resolve) => setTimeout(resolve));
    /** What an answer changed is on screen (stability alone would not wait for the page to take it in). */
    const rendered = async () => {
      await turn();
      await fixture.whenStable();
    };
    const list = async (shown: ApiKey[]) => {
      await turn();
      http.expectOne({ method: 'GET', url: KEYS }).flush({ items: shown });
      await rendered();
    };
    await list(keys);
    return {
      page,
      rendered,
      /** Answers the list request the page sends on opening and after each change. */
      list,
      shownKey: () => page.querySelector('[data-testid=new-key]')?.textContent?.trim(),
      alert: () => page.querySelector('[role=alert]')?.textContent?.trim(),
      /** The texts of the cells in the key's row. */
      rowOf(name: string) {
        const rows = Array.from(page.querySelectorAll('tbody tr'), (row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent?.trim()));
        return rows.find((cells) => cells[0] === name);
      },
      scopesOffered: () => Array.from(page.querySelectorAll('fieldset code'), (code) => code.textContent),
      scopesChecked: () =>
        Array.from(page.querySelectorAll('fieldset label'))
          .filter((label) => label.querySelector<HTMLInputElement>('input[type=checkbox]')?.checked)
          .map((label) => label.querySelector('code')?.textContent),
      nameTheKey(name: string) {
        const input = element<HTMLInputElement>(page, 'input[formcontrolname=name]');
        input.value = name;
        input.dispatchEvent(new Event('input'));
      },
      async toggle(scope: Scope) {
        const label = Array.from(page.querySelectorAll('fieldset label')).find((candidate) => candidate.querySelector('code')?.textContent === scope);
        if (!label) throw new Error(`No scope ${scope} is offered`);
        element<HTMLInputElement>(label, 'input[type=checkbox]').click();
        await turn();
      },
      async click(name: string) {
        button(page, name).click();
        await turn();
      },
    };
  }

  it('lists the keys with their prefix, scopes and status, and offers no actions on a revoked one', async () => {
    const keys = await openKeys([
      anApiKey('backup', { scopes: ['images:read', 'images:write'] }),
      anApiKey('old sync', { status: 'revoked', revoked_at: '2026-11-02T10:00:00.000Z' }),
    ]);
    expect(keys.rowOf('backup')).toEqual(['backup', 'lbx_AbCd1234…', 'images:read, images:write', 'never', 'never', 'active', expect.stringContaining('Rotate…')]);
    expect(keys.rowOf('old sync')).toEqual(['old sync', 'lbx_AbCd1234…', 'images:read', 'never', 'never', 'revoked', '']);
    expect(() => button(keys.page, 'Revoke old sync…')).toThrow();
  });

  it('offers only the scopes a key may hold, of those the user has', async () => {
    const keys = await openKeys([], ['images:read', 'images:write', 'api-keys:manage', 'users:manage', 'audit:read']);
    expect(keys.scopesOffered()).toEqual(['images:read', 'images:write', 'audit:read']);
  });

  it('creates a key with its name, the chosen scopes and a 90-day expiry, and shows its secret until it is saved', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-01T10:00:00.000Z'));
    try {
      const keys = await openKeys([]);
      keys.nameTheKey('  backup script ');
      await keys.toggle('images:write');
      await keys.click('Create key');
      const create = http.expectOne({ method: 'POST', url: KEYS });
      expect(create.request.body).toEqual({ name: 'backup script', scopes: ['images:read', 'images:write'], expires_at: '2027-01-30T10:00:00.000Z' });
      create.flush(aCreatedApiKey('backup script', SECRET));
      await keys.list([anApiKey('backup script')]);

      expect(keys.shownKey()).toBe(SECRET);
      expect(element<HTMLInputElement>(keys.page, 'input[formcontrolname=name]').value).toBe('');
      // The next key starts from reading only, not from this one's scopes.
      expect(keys.scopesChecked()).toEqual(['images:read']);
      await keys.click('I have saved it');
      expect(keys.shownKey()).toBeUndefined();
      expect(keys.page.innerHTML).not.toContain(SECRET);
      expect(keys.rowOf('backup script')?.[0]).toBe('backup script');
    } finally {
      now.mockRestore();
    }
  });

  it.each([
    ['no name', '   ', 'Give the key a name, so you know later what uses it.'],
    ['no scope', 'backup', 'Choose at least one scope.'],
  ])('refuses a key with %s without asking the server', async (_case, name, problem) => {
    const keys = await openKeys([]);
    keys.nameTheKey(name);
    if (name.trim()) await keys.toggle('images:read'); // unchecks the one scope chosen at the start
    await keys.click('Create key');
    http.expectNone({ method: 'POST', url: KEYS });
    expect(keys.alert()).toBe(problem);
  });

  it('revokes a key only once the revoke is confirmed', async () => {
    const keys = await openKeys([anApiKey('backup')]);
    await keys.click('Revoke backup…');
    http.expectNone({ method: 'DELETE', url: `${KEYS}/key-backup` });
    await keys.click('Revoke “backup”');
    http.expectOne({ method: 'DELETE', url: `${KEYS}/key-backup` }).flush(null, { status: 204, statusText: 'No Content' });
    await keys.list([anApiKey('backup', { status: 'revoked' })]);
    expect(keys.rowOf('backup')?.[5]).toBe('revoked');
    expect(() => button(keys.page, 'Revoke “backup”')).toThrow();
  });

  it('leaves the key alone when the revoke is cancelled', async () => {
    const keys = await openKeys([anApiKey('backup')]);
    await keys.click('Revoke backup…');
    await keys.click('Cancel');
    http.expectNone({ method: 'DELETE', url: `${KEYS}/key-backup` });
    expect(button(keys.page, 'Revoke backup…')).toBeTruthy();
  });

  it('says why when the server refuses the revoke, and keeps the key listed', async () => {
    const keys = await openKeys([anApiKey('backup')]);
    await keys.click('Revoke backup…');
    await keys.click('Revoke “backup”');
    http
      .expectOne({ method: 'DELETE', url: `${KEYS}/key-backup` })
      .flush({ type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found' }, { status: 404, statusText: 'Not Found' });
    await keys.rendered();
    expect(keys.alert()).toContain('not there any more');
    expect(keys.rowOf('backup')?.[5]).toBe('active');
  });

  it('rotates a key with the grace period chosen, and shows the new secret', async () => {
    const keys = await openKeys([anApiKey('backup')]);
    await keys.click('Rotate backup…');
    element<HTMLSelectElement>(keys.page, 'select[aria-label="Grace period for backup"]').value = '86400';
    await keys.click('Rotate backup');
    const rotate = http.expectOne({ method: 'POST', url: `${KEYS}/key-backup/rotate` });
    expect(rotate.request.body).toEqual({ grace_seconds: 86_400 });
    rotate.flush(aCreatedApiKey('backup', SECRET));
    await keys.list([anApiKey('backup')]);
    expect(keys.shownKey()).toBe(SECRET);
    expect(() => button(keys.page, 'Rotate backup')).toThrow();
  });
});
