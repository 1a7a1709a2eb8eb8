import type { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Passkey, Scope, SecondFactors } from '@lightbox/auth-contracts';
import { aLoginResponse, aUser, signIn, signInHeldBack } from '../../../testing/auth-testing';
import { button, element, field } from '../../../testing/dom';
import { anAttestation, aPasskey, type FakePasskeys, passkeyOptions, problem, someFactors, withFakePasskeys } from '../../../testing/mfa-testing';
import { API_BASE } from '../../core/api';
import { SecurityPage } from './security-page';

const CODES = Array.from({ length: 10 }, (_, index) => `CODE-${String(index).padStart(4, '0')}-AAAA-BBBB`);

describe('SecurityPage', () => {
  let http: HttpTestingController;
  let passkeys: FakePasskeys;

  beforeEach(() => ({ http, passkeys } = withFakePasskeys()));

  afterEach(() => http.verify());

  async function openSecurity(factors: SecondFactors, list: Passkey[] = [], scopes: Scope[] = ['images:read']) {
    await signIn('token-1', aUser(scopes));
    const fixture = TestBed.createComponent(SecurityPage);
    const page = fixture.nativeElement as HTMLElement;
    /** What an answer changed is on screen. */
    const rendered = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    };
    http.expectOne({ method: 'GET', url: `${API_BASE}/auth/factors` }).flush(factors);
    await rendered();
    http.expectOne({ method: 'GET', url: `${API_BASE}/auth/passkeys` }).flush({ items: list });
    await rendered();
    return {
      page,
      rendered,
      alerts: () => Array.from(page.querySelectorAll('[role=alert]'), (alert) => alert.textContent?.trim()),
      shownCodes: () => Array.from(page.querySelectorAll('[data-testid=recovery-codes] code'), (code) => code.textContent),
      field: (label: string) => field(page, label),
      fill(label: string, value: string) {
        const input = field(page, label);
        input.value = value;
        input.dispatchEvent(new Event('input'));
      },
      async click(name: string) {
        button(page, name).click();
        await rendered();
      },
      /** The page reads the factors again after a change. */
      async factorsNow(next: SecondFactors) {
        http.expectOne({ method: 'GET', url: `${API_BASE}/auth/factors` }).flush(next);
        await rendered();
      },
    };
  }

  it('adds a passkey with its name through the browser, and, as it is the first factor, shows recovery codes at once', async () => {
    const security = await openSecurity(someFactors());
    security.fill('Name of the new passkey', ' Phone ');
    await security.click('Add a passkey');
    http.expectOne({ method: 'POST', url: `${API_BASE}/auth/passkeys/registration-options` }).flush(passkeyOptions('register'));
    await security.rendered();
    expect(passkeys.ceremonies).toEqual([{ kind: 'register', options: passkeyOptions('register'), autofill: false }]);
    const register = http.expectOne({ method: 'POST', url: `${API_BASE}/auth/passkeys` });
    expect(register.request.body).toEqual({ name: 'Phone', webauthn: anAttestation() });
    register.flush(aPasskey('Phone'));
    await security.rendered();
    http.expectOne({ method: 'GET', url: `${API_BASE}/auth/passkeys` }).flush({ items: [aPasskey('Phone')] });
    await security.rendered();

    await security.factorsNow(someFactors({ passkeys: 1 }));
    http.expectOne({ method: 'POST', url: `${API_BASE}/auth/recovery-codes` }).flush({ codes: CODES });
    await security.rendered();
    expect(security.shownCodes()).toEqual(CODES);
    expect(document.activeElement?.textContent).toBe('Save your recovery codes');
    await security.factorsNow(someFactors({ passkeys: 1, recovery_codes_left: 10 }));
    expect(security.page.textContent).toContain('You have 10 unused recovery codes.');

    await security.click('I have saved them');
    expect(security.shownCodes()).toEqual([]);
    expect(security.page.innerHTML).not.toContain(CODES[0]);
  });

  it('lists passkeys with when they were added and last used, and whether they are synced', async () => {
    const security = await openSecurity(someFactors({ passkeys: 2, recovery_codes_left: 10 }), [
      aPasskey('Phone', { synced: true, last_used_at: '2026-11-02T10:00:00.000Z' }),
      aPasskey('Key', { synced: false }),
    ]);
    const rows = Array.from(security.page.querySelectorAll('tbody tr'), (row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent?.trim()));
    expect(rows.map((cells) => [cells[0], cells[3]])).toEqual([['Phone', 'yes, backed up'], ['Key', 'no, this device only']]);
    expect(rows[1][2]).toBe('never');
  });

  it('deletes a passkey only once the delete is confirmed', async () => {
    const security = await openSecurity(someFactors({ passkeys: 1, totp: true, recovery_codes_left: 10 }), [aPasskey('Phone')]);
    await security.click('Delete Phone…');
    http.expectNone({ method: 'DELETE' });
    await security.click('Delete “Phone”');
    http.expectOne({ method: 'DELETE', url: `${API_BASE}/auth/passkeys/${aPasskey('Phone').id}` }).flush(null, { status: 204, statusText: 'No Content' });
    await security.rendered();
    http.expectOne({ method: 'GET', url: `${API_BASE}/auth/passkeys` }).flush({ items: [] });
    await security.rendered();
    await security.factorsNow(someFactors({ totp: true, recovery_codes_left: 10 }));
    expect(security.page.textContent).toContain('No passkeys yet.');
  });

  it('says why the last factor cannot go while the policy asks for one', async () => {
    const security = await openSecurity(someFactors({ passkeys: 1, required: true, recovery_codes_left: 10 }), [aPasskey('Phone')]);
    await security.click('Delete Phone…');
    await security.click('Delete “Phone”');
    http
      .expectOne({ method: 'DELETE' })
      .flush(...problem(409, 'conflict', { detail: 'Your role must use a second factor: add another before removing this one.' }));
    await security.rendered();
    expect(security.alerts()).toContain('Your role must use a second factor: add another before removing this one.');
  });

  it('sets up the authenticator app: a QR code with words for it, the secret as text, and a first code to turn it on', async () => {
    const security = await openSecurity(someFactors({ passkeys: 1, recovery_codes_left: 10 }));
    await security.click('Set up an authenticator app');
    http
      .expectOne({ method: 'POST', url: `${API_BASE}/auth/totp` })
      .flush({ secret: 'JBSWY3DPEHPK3PXP', otpauth_uri: 'otpauth://totp/Lightbox:ada?secret=JBSWY3DPEHPK3PXP', qr_code: 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' });
    await security.rendered();
    const qr = element<HTMLImageElement>(security.page, 'img');
    expect(qr.alt).toBe('QR code for your authenticator app');
    expect(qr.getAttribute('src')).toBe('data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=');
    expect(element(security.page, '[data-testid=totp-secret]').textContent).toBe('JBSWY3DPEHPK3PXP');

    const code = security.field('The code the app shows now');
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    security.fill('The code the app shows now', '654321');
    await security.click('Turn on');
    const confirm = http.expectOne({ method: 'POST', url: `${API_BASE}/auth/totp/confirm` });
    expect(confirm.request.body).toEqual({ code: '654321' });
    confirm.flush(null, { status: 204, statusText: 'No Content' });
    await security.rendered();
    await security.factorsNow(someFactors({ passkeys: 1, totp: true, recovery_codes_left: 10 }));
    http.expectNone({ method: 'POST', url: `${API_BASE}/auth/recovery-codes` });
    expect(security.page.querySelector('[data-testid=totp-secret]')).toBeNull();
    expect(security.page.textContent).toContain('Your authenticator app is set up');
  });

  it('keeps the set-up open and says why when the first code is refused', async () => {
    const security = await openSecurity(someFactors());
    await security.click('Set up an authenticator app');
    http.expectOne(`${API_BASE}/auth/totp`).flush({ secret: 'JBSWY3DPEHPK3PXP', otpauth_uri: 'otpauth://totp/x', qr_code: 'data:image/svg+xml;base64,AA==' });
    await security.rendered();
    security.fill('The code the app shows now', '111111');
    await security.click('Turn on');
    http.expectOne(`${API_BASE}/auth/totp/confirm`).flush(...problem(400, 'validation_failed', { errors: [{ path: 'code', message: 'That code is not right.' }] }));
    await security.rendered();
    expect(security.alerts()).toEqual(['Please check: Code: That code is not right.']);
    expect(security.field('The code the app shows now').getAttribute('aria-invalid')).toBe('true');
    expect(element(security.page, '[data-testid=totp-secret]').textContent).toBe('JBSWY3DPEHPK3PXP');
  });

  it('gives a session the policy held back its scopes once the first factor is in, then makes recovery codes', async () => {
    const auth = await signInHeldBack();
    const fixture = TestBed.createComponent(SecurityPage);
    const page = fixture.nativeElement as HTMLElement;
    const rendered = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    };
    http.expectOne(`${API_BASE}/auth/factors`).flush(someFactors({ required: true }));
    await rendered();
    http.expectOne(`${API_BASE}/auth/passkeys`).flush({ items: [] });
    await rendered();
    expect(page.textContent).toContain('Your role must use a second factor.');

    button(page, 'Set up an authenticator app').click();
    await rendered();
    http.expectOne(`${API_BASE}/auth/totp`).flush({ secret: 'JBSWY3DPEHPK3PXP', otpauth_uri: 'otpauth://totp/x', qr_code: 'data:image/svg+xml;base64,AA==' });
    await rendered();
    const code = element<HTMLInputElement>(page, 'input[autocomplete=one-time-code]');
    code.value = '123456';
    code.dispatchEvent(new Event('input'));
    button(page, 'Turn on').click();
    await rendered();
    http.expectOne(`${API_BASE}/auth/totp/confirm`).flush(null, { status: 204, statusText: 'No Content' });
    await rendered();
    http.expectOne(`${API_BASE}/auth/factors`).flush(someFactors({ required: true, totp: true }));
    await rendered();
    http.expectOne(`${API_BASE}/auth/refresh`).flush(aLoginResponse('token-full'));
    await rendered();
    expect(auth.mustEnrol()).toBe(false);
    expect(auth.hasScope('images:write')).toBe(true);
    http.expectOne({ method: 'POST', url: `${API_BASE}/auth/recovery-codes` }).flush({ codes: CODES });
    await rendered();
    http.expectOne(`${API_BASE}/auth/factors`).flush(someFactors({ required: true, totp: true, recovery_codes_left: 10 }));
    await rendered();
    expect(page.textContent).not.toContain('Your role must use a second factor.');
    expect(page.querySelectorAll('[data-testid=recovery-codes] li')).toHaveLength(10);
  });

  it('changes the password with the current one, and says that other sessions have ended', async () => {
    const security = await openSecurity(someFactors());
    security.fill('Current password', 'correct horse battery');
    security.fill('New password', 'an even better passphrase');
    await security.click('Change password');
    const change = http.expectOne({ method: 'POST', url: `${API_BASE}/auth/password` });
    expect(change.request.body).toEqual({ current_password: 'correct horse battery', new_password: 'an even better passphrase' });
    change.flush(null, { status: 204, statusText: 'No Content' });
    await security.rendered();
    expect(security.page.querySelector('[role=status]')?.textContent).toContain('Your password is changed.');
    expect(security.field('Current password').value).toBe('');
  });

  it('refuses a short new password without asking the server', async () => {
    const security = await openSecurity(someFactors());
    security.fill('Current password', 'correct horse battery');
    security.fill('New password', 'short');
    await security.click('Change password');
    http.expectNone(`${API_BASE}/auth/password`);
    expect(security.alerts()).toEqual(['Use at least 12 characters.']);
  });

  it('shows the policy only to those who manage people', async () => {
    const security = await openSecurity(someFactors());
    expect(security.page.textContent).not.toContain('Who must use a second factor');
    http.expectNone(`${API_BASE}/security-policy`);
  });

  it('lets a manager choose the roles that must use a second factor', async () => {
    const security = await openSecurity(someFactors(), [], ['images:read', 'users:manage']);
    http.expectOne({ method: 'GET', url: `${API_BASE}/security-policy` }).flush({ mfa_required_roles: ['owner'] });
    await security.rendered();
    const box = (role: string) => {
      const label = Array.from(security.page.querySelectorAll('fieldset label')).find((candidate) => candidate.textContent?.trim() === role);
      if (!label) throw new Error(`No checkbox is labelled ${role}`);
      return element<HTMLInputElement>(label, 'input[type=checkbox]');
    };
    expect(box('owner').checked).toBe(true);
    expect(box('admin').checked).toBe(false);
    box('admin').click();
    await security.click('Save the policy');
    const put = http.expectOne({ method: 'PUT', url: `${API_BASE}/security-policy` });
    expect(put.request.body).toEqual({ mfa_required_roles: ['owner', 'admin'] });
    put.flush({ mfa_required_roles: ['owner', 'admin'] });
    await security.rendered();
    expect(security.page.textContent).toContain('Saved.');
  });
});
