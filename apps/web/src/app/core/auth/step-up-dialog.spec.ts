import type { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { aLoginResponse, signIn } from '../../../testing/auth-testing';
import { button, element, field, polyfillDialog } from '../../../testing/dom';
import { anAssertion, type FakePasskeys, passkeyOptions, problem, someFactors, withFakePasskeys } from '../../../testing/mfa-testing';
import { API_BASE } from '../api';
import { StepUp } from './step-up';
import { StepUpDialog } from './step-up-dialog';

describe('StepUpDialog', () => {
  let http: HttpTestingController;
  let passkeys: FakePasskeys;
  let restoreDialog: () => void;

  beforeEach(() => {
    restoreDialog = polyfillDialog();
    ({ http, passkeys } = withFakePasskeys());
  });

  afterEach(() => {
    http.verify();
    restoreDialog();
  });

  /** Signed in, with a button that had focus, when a route asks the person to confirm it is them. */
  async function askedToConfirm(factors = someFactors(), { openerDisabled = false } = {}) {
    await signIn('password-token');
    const stepUp = TestBed.inject(StepUp);
    const opener = document.body.appendChild(Object.assign(document.createElement('button'), { textContent: 'Create key' }));
    opener.focus();
    if (openerDisabled) {
      // What a page does while the request is out, and what Chromium then does with the focus.
      opener.disabled = true;
      opener.blur();
    }
    const fixture = TestBed.createComponent(StepUpDialog);
    document.body.appendChild(fixture.nativeElement);
    const answer = stepUp.confirm();
    await fixture.whenStable();
    http.expectOne({ method: 'GET', url: `${API_BASE}/auth/factors` }).flush(factors);
    const dialog = element<HTMLDialogElement>(fixture.nativeElement, 'dialog');
    const rendered = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    };
    await rendered();
    return {
      dialog,
      answer,
      stepUp,
      opener,
      rendered,
      alert: () => dialog.querySelector('[role=alert]')?.textContent?.trim(),
      field: (label: string) => field(dialog, label),
      async enter(field: HTMLInputElement, value: string) {
        field.value = value;
        field.dispatchEvent(new Event('input'));
        button(dialog, 'Confirm').click();
        await rendered();
      },
      async click(name: string) {
        button(dialog, name).click();
        await rendered();
      },
      cleanUp: () => {
        opener.remove();
        fixture.nativeElement.remove();
      },
    };
  }

  it('opens as a modal named by its heading, and asks a person with a password only for the password', async () => {
    const asked = await askedToConfirm();
    expect(asked.dialog.hasAttribute('open')).toBe(true);
    expect(document.getElementById(asked.dialog.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('Confirm it is you');
    const password = asked.field('Password');
    expect(password.type).toBe('password');
    expect(password.autocomplete).toBe('current-password');
    expect(document.activeElement).toBe(password);

    await asked.enter(password, 'correct horse battery');
    const reauth = http.expectOne({ method: 'POST', url: `${API_BASE}/auth/reauth` });
    expect(reauth.request.body).toEqual({ password: 'correct horse battery' });
    reauth.flush(aLoginResponse('stepped-up-token'));
    expect(await asked.answer).toBe(true);
    expect(asked.dialog.hasAttribute('open')).toBe(false);
    expect(asked.stepUp.asking()).toBe(false);
    expect(document.activeElement).toBe(asked.opener);
    asked.cleanUp();
  });

  it('stays open and says why when the proof is refused, then takes a second try', async () => {
    const asked = await askedToConfirm();
    await asked.enter(asked.field('Password'), 'wrong');
    http
      .expectOne(`${API_BASE}/auth/reauth`)
      .flush(...problem(400, 'validation_failed', { errors: [{ path: 'password', message: 'The password is not correct.' }] }));
    await asked.rendered();
    expect(asked.alert()).toBe('Please check: Password: The password is not correct.');
    expect(asked.dialog.hasAttribute('open')).toBe(true);
    expect(asked.field('Password').getAttribute('aria-invalid')).toBe('true');

    await asked.enter(asked.field('Password'), 'correct horse battery');
    http.expectOne(`${API_BASE}/auth/reauth`).flush(aLoginResponse('stepped-up-token'));
    expect(await asked.answer).toBe(true);
    asked.cleanUp();
  });

  it('asks a person with an authenticator app for its code, or a recovery code, and never for the weaker password', async () => {
    const asked = await askedToConfirm(someFactors({ totp: true, recovery_codes_left: 10 }));
    expect(() => asked.field('Password')).toThrow();
    const code = asked.field('Code from your authenticator app');
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(code.getAttribute('inputmode')).toBe('numeric');

    await asked.enter(code, '12345');
    http.expectNone(`${API_BASE}/auth/reauth`);
    expect(asked.alert()).toBe('Enter the 6 digits your app shows.');

    await asked.click('Use a recovery code');
    await asked.enter(asked.field('Recovery code'), 'abcd-efgh-jklm-npqr');
    const reauth = http.expectOne(`${API_BASE}/auth/reauth`);
    expect(reauth.request.body).toEqual({ recovery_code: 'abcdefghjklmnpqr' });
    reauth.flush(aLoginResponse('stepped-up-token'));
    expect(await asked.answer).toBe(true);
    asked.cleanUp();
  });

  it('asks a person with a passkey for the passkey, with options bound to this session', async () => {
    const asked = await askedToConfirm(someFactors({ passkeys: 1, totp: true }));
    expect(() => asked.field('Code from your authenticator app')).toThrow();
    await asked.click('Use a passkey');
    const options = http.expectOne({ method: 'POST', url: `${API_BASE}/auth/passkeys/authentication-options` });
    expect(options.request.headers.get('Authorization')).toBe('Bearer password-token');
    options.flush(passkeyOptions('reauth'));
    await asked.rendered();
    expect(passkeys.ceremonies).toEqual([{ kind: 'authenticate', options: passkeyOptions('reauth'), autofill: false }]);
    const reauth = http.expectOne(`${API_BASE}/auth/reauth`);
    expect(reauth.request.body).toEqual({ webauthn: anAssertion() });
    reauth.flush(aLoginResponse('stepped-up-token'));
    expect(await asked.answer).toBe(true);
    asked.cleanUp();
  });

  it.each([
    ['Cancel', (dialog: HTMLDialogElement) => button(dialog, 'Cancel').click()],
    // What a browser does on Escape: it closes the modal dialog (after a cancel event).
    ['Escape', (dialog: HTMLDialogElement) => dialog.close()],
  ])('answers no on %s, sends nothing, and gives focus back', async (_how, dismiss) => {
    const asked = await askedToConfirm();
    dismiss(asked.dialog);
    expect(await asked.answer).toBe(false);
    http.expectNone(`${API_BASE}/auth/reauth`);
    expect(asked.stepUp.asking()).toBe(false);
    expect(document.activeElement).toBe(asked.opener);
    asked.cleanUp();
  });

  it('gives focus back to the button that sent the request once the page enables it again', async () => {
    const asked = await askedToConfirm(someFactors(), { openerDisabled: true });
    button(asked.dialog, 'Cancel').click();
    expect(await asked.answer).toBe(false);
    expect(document.activeElement).toBe(document.body);
    asked.opener.disabled = false;
    await asked.rendered();
    expect(document.activeElement).toBe(asked.opener);
    asked.cleanUp();
  });

  it('opens afresh for the next question, with nothing left of the last', async () => {
    const asked = await askedToConfirm();
    await asked.enter(asked.field('Password'), 'wrong');
    http.expectOne(`${API_BASE}/auth/reauth`).flush(...problem(401, 'invalid_mfa'));
    await asked.rendered();
    button(asked.dialog, 'Cancel').click();
    await asked.answer;

    const next = asked.stepUp.confirm();
    await asked.rendered();
    http.expectOne(`${API_BASE}/auth/factors`).flush(someFactors());
    await asked.rendered();
    expect(asked.dialog.hasAttribute('open')).toBe(true);
    expect(asked.alert()).toBeUndefined();
    asked.stepUp.finish(false);
    expect(await next).toBe(false);
    await asked.rendered();
    expect(asked.dialog.hasAttribute('open')).toBe(false);
    asked.cleanUp();
  });
});
