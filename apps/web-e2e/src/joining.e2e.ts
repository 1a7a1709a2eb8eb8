import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { startApi, type ApiProcess } from '@lightbox/test-harness';
import { launchBrowser, PageStates, watchForProblems } from './browser';

const OWNER = { username: 'owner', password: 'e2e owner password 2026' };
const INVITED = { username: 'grace', password: 'tide and gulls 2026' };
const NOTE = 'Grace, our new editor';
/** Generous: a busy two-core machine takes its time over an Argon2 hash or a lazy chunk. */
const WAIT = { timeout: 20_000 };
const SIGNUP_QUESTION = '/api/v1/auth/signup';

async function logIn(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill(who.username);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('signed-in-user').filter({ hasText: who.username }).waitFor(WAIT);
}

/** The rule of the password's length, as the page shows it while the password is typed. */
const lengthRule = (page: Page) => page.getByRole('listitem').filter({ hasText: '12–256 characters' });

/**
 * An invitation from its making to its use: the owner invites an editor through the Users page,
 * the person invited joins in a browser of their own and uploads at once, and the link works once.
 */
describe('joining by invitation in Chromium', () => {
  const states = new PageStates();
  let api: ApiProcess;
  let browser: Browser;
  let dataDir: string;
  let owner: BrowserContext;
  let page: Page;
  /** The browser of the person invited: no session, no cookie, only the link. */
  let invited: BrowserContext;
  let joining: Page;
  let linkUrl = '';
  const problems: string[] = [];
  /** Failed responses the flow causes on purpose: the spent link, opened again. */
  const expectedFailures = new Set(['410 /api/v1/invitations/check']);

  const watch = (target: Page) => watchForProblems(target, problems, expectedFailures);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lightbox-joining-e2e-'));
    api = await startApi({ DATA_DIR: dataDir, OWNER_USERNAME: OWNER.username, OWNER_PASSWORD: OWNER.password });
    browser = await launchBrowser();
    owner = await browser.newContext({ baseURL: api.localhostUrl });
    page = watch(await owner.newPage());
    invited = await browser.newContext({ baseURL: api.localhostUrl });
    joining = watch(await invited.newPage());
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('offers no way to sign up on the login page while sign-up is off, as it is unless set', async () => {
    const asked = page.waitForResponse((response) => new URL(response.url()).pathname === SIGNUP_QUESTION, WAIT);
    await page.goto('/login');
    expect((await asked).status()).toBe(404);
    await page.getByRole('button', { name: 'Log in' }).waitFor(WAIT);
    expect(await page.getByRole('link', { name: 'Create an account' }).count()).toBe(0);
  });

  it('lets the owner invite an editor for 7 days, and shows the link once, with a QR code', async () => {
    await logIn(page, OWNER);
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    const form = page.getByRole('form', { name: 'Invite someone' });
    await form.getByLabel('Role').selectOption('editor');
    const expiry = form.getByLabel('Expires after');
    expect(await expiry.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent?.trim())).toBe('7 days');
    await form.getByLabel('Note').fill(NOTE);
    await form.getByRole('button', { name: 'Create invitation' }).click();

    linkUrl = ((await page.getByTestId('invitation-url').textContent(WAIT)) ?? '').trim();
    // Where the owner is: the origin they use, and the token alone in the path.
    expect(new URL(linkUrl).origin).toBe(api.localhostUrl);
    expect(new URL(linkUrl).pathname).toMatch(/^\/join\/[^/]+$/);
    const qr = page.getByRole('img', { name: /^QR code of the link/ });
    await qr.waitFor(WAIT);
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await states.look(page, 'invitation-created');

    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Create invitation' }).waitFor(WAIT);
    expect(await page.content()).not.toContain(linkUrl);
    const row = page.getByRole('table', { name: 'All invitations' }).getByRole('row').filter({ hasText: NOTE });
    await row.getByRole('cell', { name: 'pending', exact: true }).waitFor(WAIT);
    expect(await row.getByRole('cell', { name: 'editor', exact: true }).count()).toBe(1);
  });

  it('shows the person invited who invited them and as what, the password rules as they type, and signs them in once joined', async () => {
    const response = await joining.goto(linkUrl);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    await joining.getByRole('heading', { name: `${OWNER.username} invited you to join as an editor`, level: 1 }).waitFor(WAIT);

    await joining.getByLabel('Username').fill(INVITED.username);
    await joining.getByLabel('Password').fill('too short');
    await lengthRule(joining).filter({ hasText: 'not met yet' }).waitFor(WAIT);
    await states.lookEverywhere(joining, 'join');
    await joining.getByLabel('Password').fill(INVITED.password);
    await lengthRule(joining).filter({ hasText: ': met' }).waitFor(WAIT);
    expect(await lengthRule(joining).textContent()).not.toContain('not met');

    await joining.getByRole('button', { name: 'Join' }).click();
    await joining.waitForURL(`${api.localhostUrl}/`, WAIT);
    await joining.getByTestId('signed-in-user').filter({ hasText: INVITED.username }).waitFor(WAIT);
  });

  it('lets the new editor upload an image through the page at once', async () => {
    await joining.getByRole('link', { name: 'Upload', exact: true }).click();
    await joining.getByRole('heading', { name: 'Upload images' }).waitFor(WAIT);
    const buffer = await sharp({ create: { width: 120, height: 80, channels: 3, background: { r: 20, g: 90, b: 160 } } }).png().toBuffer();
    await joining.locator('input[type=file]').setInputFiles([{ name: 'first-day.png', mimeType: 'image/png', buffer }]);
    await joining.getByRole('button', { name: 'Upload', exact: true }).click(WAIT);
    await joining.getByText('Uploaded.').waitFor(WAIT);
    await joining.getByRole('link', { name: 'See them in the gallery' }).click();
    await joining.getByRole('list', { name: 'Images' }).getByRole('link', { name: /first-day/ }).waitFor(WAIT);
  });

  it('shows the owner the invitation as used, by the person who joined', async () => {
    await page.reload();
    const row = page.getByRole('table', { name: 'All invitations' }).getByRole('row').filter({ hasText: NOTE });
    await row.getByRole('cell', { name: 'used', exact: true }).waitFor(WAIT);
    await row.getByRole('cell', { name: INVITED.username, exact: true }).waitFor(WAIT);
    await states.look(page, 'invitations');
    expect(await row.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
  });

  it('shows whoever opens the link again that it has been used, with a way to log in', async () => {
    const another = await browser.newContext({ baseURL: api.localhostUrl });
    try {
      const again = watch(await another.newPage());
      await again.goto(linkUrl);
      await again.getByRole('heading', { name: 'This invitation has already been used', level: 1 }).waitFor(WAIT);
      await again.getByRole('link', { name: 'Log in' }).first().waitFor(WAIT);
      expect(await again.getByLabel('Password').count()).toBe(0);
    } finally {
      await another.close();
    }
  });

  it('finds no accessibility violation of any impact (axe) in any page state it looked at', () => {
    expect(states.findings).toEqual([]);
  });

  it('met no script error and no failed request but those the flow causes on purpose', () => {
    expect(problems).toEqual([]);
  });
});

/** `SIGNUP=open`: anyone may make an account, with the sign-up role (a viewer unless set). */
describe('open sign-up in Chromium', () => {
  let api: ApiProcess;
  let browser: Browser;
  let dataDir: string;
  const problems: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lightbox-signup-e2e-'));
    api = await startApi({ DATA_DIR: dataDir, OWNER_USERNAME: OWNER.username, OWNER_PASSWORD: OWNER.password, SIGNUP: 'open' });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('offers "Create an account" on the login page, and signs a new person up as a viewer, who cannot upload', async () => {
    const visitor = await browser.newContext({ baseURL: api.localhostUrl });
    const page = watchForProblems(await visitor.newPage(), problems, new Set());
    await page.goto('/login');
    await page.getByRole('link', { name: 'Create an account' }).click(WAIT);
    await page.getByRole('heading', { name: 'Create an account', level: 1 }).waitFor(WAIT);
    await page.getByText('As a viewer').waitFor(WAIT);

    await page.getByLabel('Username').fill('visitor.one');
    await page.getByLabel('Password').fill('a viewer of the sea 2026');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${api.localhostUrl}/`, WAIT);
    await page.getByTestId('signed-in-user').filter({ hasText: 'visitor.one' }).waitFor(WAIT);
    await page.getByRole('link', { name: 'Gallery', exact: true }).waitFor(WAIT);
    expect(await page.getByRole('link', { name: 'Upload', exact: true }).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
