import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { startApi, type ApiProcess } from '@lightbox/test-harness';
import { launchBrowser, PageStates, watchForProblems } from './browser';

const OWNER = { username: 'owner', password: 'e2e owner password 2026' };
/** People without a passkey, made by the owner through the API before anyone has a factor; each test its own. */
const PEOPLE = {
  pat: { username: 'pat', password: 'pat first passphrase 2026', role: 'viewer' },
  ada: { username: 'ada', password: 'ada admin passphrase 2026', role: 'admin' },
  eddie: { username: 'eddie', password: 'eddie editor passphrase 2026', role: 'editor' },
  tess: { username: 'tess', password: 'tess viewer passphrase 2026', role: 'viewer' },
} as const;
type Person = { username: string; password: string };
const PERIOD_MS = 30_000;
/** Generous: a busy two-core machine takes its time over an Argon2 hash, a build or a ceremony. */
const WAIT = { timeout: 20_000 };

interface Device {
  cdp: CDPSession;
  authenticatorId: string;
}

/**
 * Chromium's virtual authenticator (CDP), as a platform authenticator that verifies the user: a
 * passkey on this "device". With presence simulated it answers every request at once, the
 * username field's autofill (conditional UI) too, as if the person had picked the passkey there.
 */
async function withAuthenticator(page: Page): Promise<Device> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

/** Whether the person answers passkey requests: off, the autofill one waits as it would for someone who types a password. */
const answering = (device: Device, enabled: boolean) =>
  device.cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId: device.authenticatorId, enabled });

/**
 * Puts the passkeys of one device onto another, in place of what it held. The virtual
 * authenticator's passkeys are device-bound: their signature counter must only grow, and the
 * API refuses one that goes back, as it would a cloned key. So a passkey moves, never forks.
 */
async function movePasskeys(from: Device, to: Device): Promise<void> {
  const { credentials } = await from.cdp.send('WebAuthn.getCredentials', { authenticatorId: from.authenticatorId });
  await to.cdp.send('WebAuthn.clearCredentials', { authenticatorId: to.authenticatorId });
  for (const credential of credentials) await to.cdp.send('WebAuthn.addCredential', { authenticatorId: to.authenticatorId, credential });
}

/** Another browser, to which the owner's passkey is moved; `close` moves it back. */
async function anotherBrowserWith(browser: Browser, baseURL: string, owners: Device, setUp?: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await setUp?.(page);
  const device = await withAuthenticator(page);
  await movePasskeys(owners, device);
  return {
    page,
    async close() {
      await movePasskeys(device, owners);
      await context.close();
    },
  };
}

/**
 * The person's authenticator app. The API takes a code one 30-second step either side of its
 * clock, and each step once only: every code here is for a step after the last one used, the
 * earliest the window allows, so no test waits unless three codes fall in one step.
 */
class AuthenticatorApp {
  private readonly totp: TOTP;
  private lastStep = -1;

  constructor(secret: string) {
    this.totp = new TOTP({ secret: Secret.fromBase32(secret) });
  }

  async nextCode(): Promise<string> {
    let now = Math.floor(Date.now() / PERIOD_MS);
    while (this.lastStep + 1 > now + 1) {
      await new Promise((resolve) => setTimeout(resolve, (now + 1) * PERIOD_MS - Date.now() + 250));
      now = Math.floor(Date.now() / PERIOD_MS);
    }
    this.lastStep = Math.max(now, this.lastStep + 1);
    return this.totp.generate({ timestamp: this.lastStep * PERIOD_MS });
  }
}

describe('passkeys, an authenticator app and step-up in Chromium', () => {
  const states = new PageStates();
  let api: ApiProcess;
  let browser: Browser;
  let dataDir: string;
  /** The owner's browser, with a passkey-capable "device". */
  let owner: BrowserContext;
  let page: Page;
  let device: Device;
  let app: AuthenticatorApp;
  let recoveryCodes: string[] = [];
  const problems: string[] = [];
  /**
   * Failed responses the flows cause on purpose, as `status path`: the second step of a login,
   * the step-up refusals, and the requests a factor change sends with a token it revoked (they
   * refresh and go on).
   */
  const expectedFailures = new Set([
    '401 /api/v1/auth/login',
    '401 /api/v1/api-keys',
    '401 /api/v1/auth/factors',
    '401 /api/v1/auth/passkeys',
    '401 /api/v1/auth/password',
  ]);

  const watch = (target: Page) => watchForProblems(target, problems, expectedFailures);

  /** A password login in the owner's browser; its passkey is not picked from the autofill meanwhile. */
  async function logIn(target: Page, password = OWNER.password) {
    await answering(device, false);
    await target.goto('/login');
    await target.getByLabel('Username').fill(OWNER.username);
    await target.getByLabel('Password').fill(password);
    await target.getByRole('button', { name: 'Log in' }).click();
  }

  async function logOut(target: Page) {
    await target.getByRole('button', { name: 'Log out' }).click();
    await target.getByRole('link', { name: 'Log in' }).waitFor(WAIT);
  }

  const signedIn = (target: Page, username: string = OWNER.username) =>
    target.getByTestId('signed-in-user').filter({ hasText: username }).waitFor(WAIT);

  /** A person without a passkey, in a browser of their own (no authenticator): the login form alone. */
  async function newBrowserFor(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ baseURL: api.localhostUrl });
    return { context, page: watch(await context.newPage()) };
  }

  async function logInAs(target: Page, person: Person, password = person.password) {
    await target.goto('/login');
    await target.getByLabel('Username').fill(person.username);
    await target.getByLabel('Password').fill(password);
    await target.getByRole('button', { name: 'Log in' }).click();
  }

  /** Sets up an authenticator app on the Security page, and puts the recovery codes away. */
  async function enrolAuthenticatorApp(target: Page): Promise<AuthenticatorApp> {
    await target.getByRole('button', { name: 'Set up an authenticator app' }).click(WAIT);
    await target.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor(WAIT);
    const personsApp = new AuthenticatorApp(((await target.getByTestId('totp-secret').textContent()) ?? '').trim());
    await target.getByLabel('The code the app shows now').fill(await personsApp.nextCode());
    await target.getByRole('button', { name: 'Turn on' }).click();
    await target.getByText('Your authenticator app is set up').waitFor(WAIT);
    await target.getByRole('button', { name: 'I have saved them' }).click(WAIT);
    await target.getByTestId('recovery-codes-left').waitFor(WAIT);
    return personsApp;
  }

  async function changePassword(target: Page, current: string, next: string) {
    await target.getByLabel('Current password').fill(current);
    await target.getByLabel('New password').fill(next);
    await target.getByRole('button', { name: 'Change password' }).click();
  }

  const passwordChanged = (target: Page) => target.getByText('Your password is changed. Every other session has been logged out.').waitFor(WAIT);

  /** The owner, by password alone while they have no factor yet, makes the people the later tests sign in as. */
  async function createPeople(): Promise<void> {
    const login = await fetch(`${api.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: OWNER.username, password: OWNER.password }),
    });
    expect(login.status).toBe(200);
    const { access_token } = (await login.json()) as { access_token: string };
    for (const person of Object.values(PEOPLE)) {
      const created = await fetch(`${api.baseUrl}/api/v1/users`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${access_token}` },
        body: JSON.stringify(person),
      });
      expect(created.status).toBe(201);
    }
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lightbox-security-e2e-'));
    api = await startApi({ DATA_DIR: dataDir, OWNER_USERNAME: OWNER.username, OWNER_PASSWORD: OWNER.password });
    await createPeople();
    browser = await launchBrowser();
    // By name, not 127.0.0.1: WebAuthn refuses an IP address as the relying party.
    owner = await browser.newContext({ baseURL: api.localhostUrl });
    page = watch(await owner.newPage());
    device = await withAuthenticator(page);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sets up an authenticator app from the secret shown as text, and shows recovery codes at once', async () => {
    await logIn(page);
    await signedIn(page);
    await answering(device, true);
    await page.getByRole('link', { name: 'Security' }).click();
    await page.getByRole('heading', { name: 'Security', level: 1 }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor(WAIT);
    await states.look(page, 'security-totp-setup');
    app = new AuthenticatorApp(((await page.getByTestId('totp-secret').textContent()) ?? '').trim());

    await page.getByLabel('The code the app shows now').fill(await app.nextCode());
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByText('Your authenticator app is set up').waitFor(WAIT);
    // The first factor: the codes come without asking, shown this once.
    const codes = page.getByTestId('recovery-codes').locator('code');
    await codes.first().waitFor(WAIT);
    recoveryCodes = await codes.allTextContents();
    await states.look(page, 'security-recovery-codes');
    expect(recoveryCodes).toHaveLength(10);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByTestId('recovery-codes-left').filter({ hasText: 'You have 10 unused recovery codes.' }).waitFor(WAIT);
  });

  it('adds a passkey made by the device', async () => {
    await page.getByLabel('Name of the new passkey').fill('e2e laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByRole('cell', { name: 'e2e laptop', exact: true }).waitFor(WAIT);
    const { credentials } = await device.cdp.send('WebAuthn.getCredentials', { authenticatorId: device.authenticatorId });
    expect(credentials).toEqual([expect.objectContaining({ isResidentCredential: true, rpId: 'localhost' })]);
  });

  it('logs in with the password and a code from the app', async () => {
    await logOut(page);
    await logIn(page);
    const code = page.getByLabel('Code from your authenticator app');
    await code.waitFor(WAIT);
    await states.look(page, 'login-second-step', { fullPage: false });
    await code.fill(await app.nextCode());
    await page.getByRole('button', { name: 'Continue' }).click();
    await signedIn(page);
    await answering(device, true);
  });

  it('asks a session signed in with a code to confirm with the passkey before it makes an API key; Cancel and Escape leave the page as it was', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Name').fill('e2e step-up');
    const create = page.getByRole('button', { name: 'Create key' });
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    for (const dismiss of [() => dialog.getByRole('button', { name: 'Cancel' }).click(), () => page.keyboard.press('Escape')]) {
      await create.click();
      await dialog.getByRole('button', { name: 'Use a passkey' }).waitFor(WAIT);
      await states.look(page, 'step-up-dialog', { fullPage: false });
      // The page behind a modal dialog is inert: focus is in the dialog.
      expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
      await dismiss();
      await dialog.waitFor({ state: 'hidden', ...WAIT });
      await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Create key', undefined, WAIT);
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(await page.getByLabel('Name').inputValue()).toBe('e2e step-up');
      expect(await page.getByTestId('new-key').count()).toBe(0);
      expect(await page.getByText('No keys yet.').count()).toBe(1);
    }

    await create.click();
    await dialog.getByRole('button', { name: 'Use a passkey' }).click();
    await page.getByTestId('new-key').waitFor(WAIT);
    expect(await dialog.isVisible()).toBe(false);
    await page.getByRole('cell', { name: 'e2e step-up', exact: true }).waitFor(WAIT);
  });

  it('logs in with the password and a recovery code, which then is spent', async () => {
    await logOut(page);
    await logIn(page);
    await page.getByRole('button', { name: 'Use a recovery code' }).click(WAIT);
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]);
    await page.getByRole('button', { name: 'Continue' }).click();
    await signedIn(page);
    await answering(device, true);
    await page.goto('/settings/security');
    await page.getByTestId('recovery-codes-left').filter({ hasText: 'You have 9 unused recovery codes.' }).waitFor(WAIT);
  });

  it('signs in with the passkey offered in the username field (conditional UI), nothing typed', async () => {
    const elsewhere = await anotherBrowserWith(browser, api.localhostUrl, device);
    try {
      await watch(elsewhere.page).goto('/login');
      await elsewhere.page.waitForURL((url) => url.pathname === '/', WAIT);
      await signedIn(elsewhere.page);
    } finally {
      await elsewhere.close();
    }
  });

  it('signs in with the passkey alone through "Sign in with a passkey", in a browser without the autofill', async () => {
    const noAutofill = async (target: Page) => {
      await target.addInitScript(() => Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', { value: async () => false }));
    };
    const elsewhere = await anotherBrowserWith(browser, api.localhostUrl, device, noAutofill);
    try {
      await watch(elsewhere.page).goto('/login?returnUrl=%2Fsettings%2Fsecurity');
      await elsewhere.page.getByRole('button', { name: 'Sign in with a passkey' }).click(WAIT);
      await signedIn(elsewhere.page);
      await elsewhere.page.waitForURL('**/settings/security', WAIT);
      await elsewhere.page.getByRole('cell', { name: 'e2e laptop', exact: true }).waitFor(WAIT);
    } finally {
      await elsewhere.close();
    }
  });

  it('changes the password on the Security page: the new one logs in, the old one is refused', async () => {
    const { context, page: own } = await newBrowserFor();
    const newPassword = 'pat second passphrase 2026';
    try {
      await logInAs(own, PEOPLE.pat);
      await signedIn(own, PEOPLE.pat.username);
      await own.goto('/settings/security');
      await own.getByRole('heading', { name: 'Security', level: 1 }).waitFor(WAIT);
      await changePassword(own, PEOPLE.pat.password, newPassword);
      await passwordChanged(own);
      await logOut(own);

      await logInAs(own, PEOPLE.pat);
      await own.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor(WAIT);
      expect(own.url()).toContain('/login');
      await logInAs(own, PEOPLE.pat, newPassword);
      await signedIn(own, PEOPLE.pat.username);
    } finally {
      await context.close();
    }
  });

  it('keeps an editor the policy asks for a second factor on the Security page until they set up an authenticator app', async () => {
    const admin = await newBrowserFor();
    const editor = await newBrowserFor();
    const policyRole = (role: string) => admin.page.getByRole('checkbox', { name: role, exact: true });
    const savePolicy = async () => {
      await admin.page.getByRole('button', { name: 'Save the policy' }).click();
      await admin.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor(WAIT);
    };
    try {
      await logInAs(admin.page, PEOPLE.ada);
      await signedIn(admin.page, PEOPLE.ada.username);
      await admin.page.goto('/settings/security');
      await admin.page.getByRole('heading', { name: 'Who must use a second factor' }).waitFor(WAIT);
      await admin.page.waitForFunction(() => !document.querySelector<HTMLInputElement>('lbx-mfa-policy-section input[type=checkbox]')?.disabled, undefined, WAIT);
      expect(await policyRole('editor').isChecked()).toBe(false);
      await policyRole('editor').check();
      await savePolicy();

      try {
        await logInAs(editor.page, PEOPLE.eddie);
        await editor.page.waitForURL('**/settings/security', WAIT);
        await editor.page.getByText('Your role must use a second factor.').waitFor(WAIT);
        // Until then the Security page is the one page: a page that needs a scope sends them back to it.
        await editor.page.goto('/upload');
        await editor.page.getByRole('heading', { name: 'Security', level: 1 }).waitFor(WAIT);
        expect(new URL(editor.page.url()).pathname).toBe('/settings/security');
        expect(await editor.page.getByRole('link', { name: 'Upload' }).count()).toBe(0);

        await enrolAuthenticatorApp(editor.page);
        await editor.page.getByText('Your role must use a second factor.').waitFor({ state: 'hidden', ...WAIT });
        await editor.page.getByRole('link', { name: 'Upload' }).click(WAIT);
        await editor.page.getByRole('heading', { name: 'Upload images', level: 1 }).waitFor(WAIT);
        expect(new URL(editor.page.url()).pathname).toBe('/upload');
      } finally {
        await policyRole('editor').uncheck();
        await savePolicy();
      }
    } finally {
      await editor.context.close();
      await admin.context.close();
    }
  });

  /**
   * A session proved weaker than the app: the person confirmed it last with the password alone,
   * which `POST /auth/reauth` takes and records as the session's authentication (RFC 9470: the
   * newest proof is what counts). The SPA never offers the password to someone with an app, and
   * an older sign-in (the other way) needs 10 minutes: so the password step-up is sent here as a
   * script of that person would, with a token of the browser's own session.
   */
  it('asks a session last confirmed with the password alone for a code from the app, then changes the password', async () => {
    const { context, page: own } = await newBrowserFor();
    try {
      await logInAs(own, PEOPLE.tess);
      await signedIn(own, PEOPLE.tess.username);
      await own.goto('/settings/security');
      const personsApp = await enrolAuthenticatorApp(own);

      const refreshed = await context.request.post('/api/v1/auth/refresh');
      expect(refreshed.status()).toBe(200);
      const { access_token } = (await refreshed.json()) as { access_token: string };
      const reauth = await context.request.post('/api/v1/auth/reauth', {
        headers: { Authorization: `Bearer ${access_token}` },
        data: { password: PEOPLE.tess.password },
      });
      expect(reauth.status()).toBe(200);
      // The page's token predates that; a reload restores the session as it now stands.
      await own.reload();
      await signedIn(own, PEOPLE.tess.username);

      await changePassword(own, PEOPLE.tess.password, 'tess second passphrase 2026');
      const dialog = own.getByRole('dialog', { name: 'Confirm it is you' });
      const code = dialog.getByLabel('Code from your authenticator app');
      await code.waitFor(WAIT);
      // Only the strongest factor passes: no password field, the recovery codes as its stand-in.
      expect(await dialog.getByLabel('Password', { exact: true }).count()).toBe(0);
      await dialog.getByRole('button', { name: 'Use a recovery code' }).waitFor(WAIT);
      await code.fill(await personsApp.nextCode());
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await dialog.waitFor({ state: 'hidden', ...WAIT });
      await passwordChanged(own);
    } finally {
      await context.close();
    }
  });

  it('finds no accessibility violation of any impact (axe) in any page state it looked at', () => {
    expect(states.findings).toEqual([]);
  });

  it('met no script error and no failed request but those the flows cause on purpose', () => {
    expect(problems).toEqual([]);
  });
});
