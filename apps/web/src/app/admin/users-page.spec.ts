import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ManagedUser, Role } from '@lightbox/auth-contracts';
import { API_BASE } from '../core/api';
import { UsersPage } from './users-page';
import { element } from '../../testing/dom';

function user(username: string, role: Role, secondFactor = false): ManagedUser {
  return {
    id: `00000000-0000-4000-8000-${username.padStart(12, '0')}`,
    username,
    role,
    scopes: [],
    active: true,
    created_at: '2026-11-01T10:00:00.000Z',
    second_factor: secondFactor,
  };
}

describe('UsersPage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  async function render(users: ManagedUser[]) {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const fixture = TestBed.createComponent(UsersPage);
    const http = TestBed.inject(HttpTestingController);
    http.expectOne(`${API_BASE}/users`).flush({ items: users });
    http.expectOne(`${API_BASE}/invitations`).flush({ items: [], next_cursor: null });
    await fixture.whenStable();
    const page = fixture.nativeElement as HTMLElement;
    const roleOf = (username: string) => element<HTMLSelectElement>(page, `select[aria-label="Role of ${username}"]`);
    return { fixture, http, page, roleOf };
  }

  it("shows each user's own role, and no role control for the owner", async () => {
    const { page, roleOf } = await render([user('root', 'owner'), user('eve', 'editor'), user('adam', 'admin'), user('vic', 'viewer')]);
    expect(page.querySelector('select[aria-label="Role of root"]')).toBeNull();
    expect(roleOf('eve').value).toBe('editor');
    expect(roleOf('adam').value).toBe('admin');
    expect(roleOf('vic').value).toBe('viewer');
  });

  it('shows whether each person uses a second factor, without a way to change it', async () => {
    const { page } = await render([user('root', 'owner', true), user('eve', 'editor')]);
    const table = element(page, 'table');
    const header = Array.from(table.querySelectorAll('thead th'), (cell) => cell.textContent?.trim());
    const column = header.indexOf('2FA');
    expect(column).toBeGreaterThan(-1);
    const cells = Array.from(table.querySelectorAll('tbody tr'), (row) => row.querySelectorAll('td')[column]);
    expect(cells.map((cell) => cell.textContent?.trim())).toEqual(['yes', 'no']);
    expect(cells.every((cell) => cell.querySelector('button, input, select') === null)).toBe(true);
  });

  it('puts the role back and says why when the server refuses the change', async () => {
    const { fixture, http, page, roleOf } = await render([user('eve', 'editor')]);
    roleOf('eve').value = 'admin';
    roleOf('eve').dispatchEvent(new Event('change'));
    const patch = http.expectOne(`${API_BASE}/users/${user('eve', 'editor').id}`);
    expect(patch.request.body).toEqual({ role: 'admin' });
    patch.flush({ type: 'about:blank', title: 'Forbidden', status: 403, code: 'insufficient_scope' }, { status: 403, statusText: 'Forbidden' });
    await fixture.whenStable();
    expect(roleOf('eve').value).toBe('editor');
    expect(page.querySelector('[role=alert]')?.textContent).toContain('not allowed');
  });

  it('refuses a short new password without asking the server', async () => {
    const { fixture, http, page } = await render([user('eve', 'editor')]);
    element<HTMLButtonElement>(page, 'button[aria-label^="Reset the password of eve"]').click();
    await fixture.whenStable();
    element<HTMLInputElement>(page, 'input[aria-label="New password for eve"]').value = 'short';
    element<HTMLButtonElement>(page, 'form.actions button[type=submit]').click();
    await fixture.whenStable();
    http.expectNone(`${API_BASE}/users/${user('eve', 'editor').id}`);
    expect(page.querySelector('[role=alert]')?.textContent).toContain('at least 12 characters');
  });
});
