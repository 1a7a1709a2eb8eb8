import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { startApi, type ApiProcess } from '@lightbox/test-harness';
import { launchBrowser } from './browser';

const OWNER = { username: 'owner', password: 'e2e owner password 2026' };
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
  ]);

  function watch(target: Page): Page {
    target.on('pageerror', (error) => problems.push(`${target.url()}: ${error.message}`));
    target.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
    });
    target.on('response', (response) => {
      const failure = `${response.status()} ${new URL(response.url()).pathname}`;
      if (response.status() >= 400 && !expectedFailures.has(failure)) problems.push(failure);
    });
    return target;
  }

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

  const signedIn = (target: Page) => target.getByTestId('signed-in-user').filter({ hasText: OWNER.username }).waitFor(WAIT);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lightbox-security-e2e-'));
    api = await startApi({ DATA_DIR: dataDir, OWNER_USERNAME: OWNER.username, OWNER_PASSWORD: OWNER.password });
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
    app = new AuthenticatorApp(((await page.getByTestId('totp-secret').textContent()) ?? '').trim());

    await page.getByLabel('The code the app shows now').fill(await app.nextCode());
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByText('Your authenticator app is set up').waitFor(WAIT);
    // The first factor: the codes come without asking, shown this once.
    const codes = page.getByTestId('recovery-codes').locator('code');
    await codes.first().waitFor(WAIT);
    recoveryCodes = await codes.allTextContents();
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

  it('met no script error and no failed request but those the flows cause on purpose', () => {
    expect(problems).toEqual([]);
  });
});
