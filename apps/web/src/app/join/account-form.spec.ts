import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { button, field } from '../../testing/dom';
import { problem } from '../../testing/mfa-testing';
import { AccountForm, type NewAccount } from './account-form';

/** A refusal as HttpClient hands it to the page, from the server's problem+json. */
function refusal(...[body, init]: ReturnType<typeof problem>): HttpErrorResponse {
  return new HttpErrorResponse({ error: body, status: init.status, statusText: init.statusText, headers: new HttpHeaders(init.headers) });
}

describe('AccountForm', () => {
  async function render() {
    const fixture = TestBed.createComponent(AccountForm);
    fixture.componentRef.setInput('action', 'Join');
    document.body.appendChild(fixture.nativeElement);
    const form = fixture.nativeElement as HTMLElement;
    const sent: NewAccount[] = [];
    fixture.componentInstance.submitted.subscribe((account) => sent.push(account));
    await fixture.whenStable();
    const rendered = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    };
    return {
      form,
      sent,
      rendered,
      /** Each rule as read aloud: its words, and whether it is met. */
      rules: () => Array.from(form.querySelectorAll('lbx-password-rules li'), (rule) => rule.textContent?.trim().replace(/\s+/g, ' ')),
      errorOf: (label: string) => {
        const input = field(form, label);
        const ids = (input.getAttribute('aria-describedby') ?? '').split(' ');
        return ids.map((id) => document.getElementById(id)).find((shown) => shown?.classList.contains('error'))?.textContent?.trim();
      },
      async type(label: string, value: string) {
        const input = field(form, label);
        input.value = value;
        input.dispatchEvent(new Event('input'));
        await rendered();
      },
      async submit() {
        button(form, 'Join').click();
        await rendered();
      },
      async refuse(error: HttpErrorResponse) {
        fixture.componentRef.setInput('refusal', error);
        await rendered();
      },
      cleanUp: () => fixture.nativeElement.remove(),
    };
  }

  it('ticks the password rules off as the password is typed', async () => {
    const account = await render();
    await account.type('Username', 'grace');
    expect(account.rules()).toEqual([
      '✗ 12–256 characters: not met yet',
      '✗ Not the username: not met yet',
      '• Not a common password (checked when you send it)',
    ]);

    await account.type('Password', 'short');
    expect(account.rules().slice(0, 2)).toEqual(['✗ 12–256 characters: not met yet', '✓ Not the username: met']);

    await account.type('Password', 'tide and gulls 2026');
    expect(account.rules().slice(0, 2)).toEqual(['✓ 12–256 characters: met', '✓ Not the username: met']);
    account.cleanUp();
  });

  it.each<[string, string, string, boolean]>([
    ['counts characters, not UTF-16 units: 11 emoji are too few', 'grace', '🌊'.repeat(11), false],
    ['12 emoji are enough', 'grace', '🌊'.repeat(12), true],
  ])('%s', async (_case, username, password, met) => {
    const account = await render();
    await account.type('Username', username);
    await account.type('Password', password);
    expect(account.rules()[0]).toBe(met ? '✓ 12–256 characters: met' : '✗ 12–256 characters: not met yet');
    account.cleanUp();
  });

  it('takes a password that is the username, in other letters, for the username', async () => {
    const account = await render();
    await account.type('Username', 'grace.hopper.1906');
    await account.type('Password', 'Grace.Hopper.1906');
    expect(account.rules()[1]).toBe('✗ Not the username: not met yet');
    account.cleanUp();
  });

  it('sends nothing while a rule is not met, and says which field to fix', async () => {
    const account = await render();
    await account.type('Password', 'short');
    await account.submit();
    expect(account.sent).toEqual([]);
    expect(account.errorOf('Username')).toBe('Choose a username.');
    expect(account.errorOf('Password')).toBe('Choose a password that follows the rules.');
    expect(document.activeElement).toBe(field(account.form, 'Username'));
    account.cleanUp();
  });

  it('sends the username and password when the rules are met', async () => {
    const account = await render();
    await account.type('Username', 'grace');
    await account.type('Password', 'tide and gulls 2026');
    await account.submit();
    expect(account.sent).toEqual([{ username: 'grace', password: 'tide and gulls 2026' }]);
    account.cleanUp();
  });

  it.each<[string, ReturnType<typeof problem>, string, string]>([
    ['a taken username', problem(409, 'conflict', { errors: [{ path: 'username', message: 'That username is taken: choose another.' }] }), 'Username', 'That username is taken: choose another.'],
    ['a common password', problem(400, 'validation_failed', { errors: [{ path: 'password', message: 'This password is too common: choose another.' }] }), 'Password', 'This password is too common: choose another.'],
    ['a username of the wrong letters', problem(400, 'validation_failed', { errors: [{ path: 'username', message: 'Use 3–64 letters, digits, dots, dashes or underscores.' }] }), 'Username', 'Use 3–64 letters, digits, dots, dashes or underscores.'],
  ])('shows the server’s words for %s beside the field it named, focused, until that field is changed', async (_case, answer, label, words) => {
    const account = await render();
    await account.type('Username', 'grace');
    await account.type('Password', 'tide and gulls 2026');
    await account.refuse(refusal(...answer));
    expect(account.errorOf(label)).toBe(words);
    expect(field(account.form, label).getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(field(account.form, label));
    expect(account.form.querySelector('[role=alert]')).toBeNull();

    await account.type(label, label === 'Username' ? 'grace2' : 'another tide 2026');
    expect(account.errorOf(label)).toBeUndefined();
    account.cleanUp();
  });

  it('shows a refusal that names no field below the form, focused', async () => {
    const account = await render();
    await account.refuse(refusal(...problem(429, 'too_many_requests', {}, { 'Retry-After': '30' })));
    const alert = account.form.querySelector('[role=alert]');
    expect(alert?.textContent?.trim()).toBe('Too many attempts. Try again in 30 seconds.');
    expect(document.activeElement).toBe(alert);
    account.cleanUp();
  });
});
