import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { startApi, type ApiProcess } from '@lightbox/test-harness';
import { launchBrowser, PageStates, watchForProblems } from './browser';

const OWNER = { username: 'owner', password: 'e2e owner password 2026' };
/** Every page of the signed-in owner's menu: each is fitted to a phone, and photographed and checked by axe in both themes. */
const PAGES = ['/', '/albums', '/upload', '/settings/api-keys', '/settings/shared-links', '/settings/sessions', '/settings/security', '/admin/users', '/admin/audit'];
/** `gallery`, `settings-api-keys`, … */
const pageName = (path: string) => (path === '/' ? 'gallery' : path.slice(1).replaceAll('/', '-'));

/** A small real picture, made the way a camera would not, but decoded by the API all the same. */
async function picture(name: string, color: { r: number; g: number; b: number }) {
  const buffer = await sharp({ create: { width: 120, height: 80, channels: 3, background: color } }).png().toBuffer();
  return { name, mimeType: 'image/png', buffer };
}

describe('the SPA in Chromium', () => {
  const states = new PageStates();
  let api: ApiProcess;
  let browser: Browser;
  let dataDir: string;
  /** The owner's browser: one context, so the refresh cookie lives across pages as it would in a real one. */
  let owner: BrowserContext;
  let page: Page;
  /** The key the API-keys test creates; the rotation test replaces it. */
  let createdKey = '';
  const problems: string[] = [];
  /** Failed responses a test causes on purpose, as `status path`. */
  const expectedFailures = new Set(['401 /api/v1/auth/login']);

  /** Script errors, and any failed response no test asked for. */
  const watch = (target: Page) => watchForProblems(target, problems, expectedFailures);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lightbox-web-e2e-'));
    api = await startApi({ DATA_DIR: dataDir, OWNER_USERNAME: OWNER.username, OWNER_PASSWORD: OWNER.password });
    browser = await launchBrowser();
    owner = await browser.newContext({ baseURL: api.baseUrl });
    page = watch(await owner.newPage());
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends a visitor who opens /upload to log in, then back to /upload', async () => {
    await page.goto('/upload');
    await page.waitForURL('**/login?returnUrl=%2Fupload');
    await page.getByLabel('Username').waitFor();
    await states.lookEverywhere(page, 'login');

    await page.getByLabel('Username').fill(OWNER.username);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();
    // One message: the cleared password is not then called missing.
    expect(await page.locator('.error').allTextContents()).toEqual(['Wrong username or password.']);

    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/upload');
    await page.getByRole('heading', { name: 'Upload images' }).waitFor();
    expect(await page.getByTestId('signed-in-user').textContent()).toBe(`Signed in as ${OWNER.username}`);
  });

  it('uploads images with progress and shows them in the gallery', async () => {
    await page.getByLabel('Tags for these images').fill('sea, e2e');
    await page.getByLabel('Visibility').selectOption('public');
    await page.locator('input[type=file]').setInputFiles([await picture('harbour.png', { r: 20, g: 90, b: 160 })]);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('Uploaded.').waitFor();

    // Dropped this time: two pictures and a text file, which the queue refuses before sending anything.
    await page.getByLabel('Visibility').selectOption('private');
    const dropped = [
      await picture('diary.png', { r: 160, g: 40, b: 40 }),
      await picture('scrap.png', { r: 90, g: 90, b: 90 }),
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') },
    ].map(({ name, mimeType, buffer }) => ({ name, mimeType, base64: buffer.toString('base64') }));
    const dataTransfer = await page.evaluateHandle((files) => {
      const transfer = new DataTransfer();
      for (const file of files) {
        const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
        transfer.items.add(new File([bytes], file.name, { type: file.mimeType }));
      }
      return transfer;
    }, dropped);
    await page.dispatchEvent('.drop', 'drop', { dataTransfer });
    const notes = page.getByRole('list', { name: 'Files to upload' }).getByRole('listitem').filter({ hasText: 'notes.txt' });
    await notes.getByRole('alert').filter({ hasText: 'Not an image. Lightbox takes JPEG, PNG, WebP, GIF and AVIF images only.' }).waitFor();
    // A placeholder, not a broken image; every preview shown is one that decoded.
    expect(await notes.locator('img').count()).toBe(0);
    expect((await notes.locator('.placeholder').textContent())?.trim()).toBe('TXT');
    expect(await page.locator('.queue img').evaluateAll((imgs) => imgs.every((img) => (img as HTMLImageElement).naturalWidth > 0))).toBe(true);
    await states.look(page, 'upload-queue');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('Uploaded.').nth(2).waitFor();
    expect(await page.getByText('Uploaded.').count()).toBe(3);

    await page.getByRole('link', { name: 'See them in the gallery' }).click();
    const images = page.getByRole('list', { name: 'Images' });
    await images.getByRole('link', { name: /harbour/ }).waitFor();
    await images.getByRole('link', { name: /diary/ }).waitFor();
    await images.getByRole('link', { name: /scrap/ }).waitFor();
    // The private ones comes through the token, as an object URL, once it has loaded.
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll<HTMLImageElement>('ul[aria-label=Images] img')).every((img) => img.complete && img.naturalWidth > 0),
    );
    await states.look(page, 'gallery');
  });

  it('keeps the session across a reload', async () => {
    await page.goto('/upload');
    await page.getByRole('heading', { name: 'Upload images' }).waitFor();
    expect(page.url()).toBe(`${api.baseUrl}/upload`);
    expect(await page.getByTestId('signed-in-user').textContent()).toBe(`Signed in as ${OWNER.username}`);
  });

  it('restores the session in two tabs opened at once: the Web Lock puts their refreshes in turn', async () => {
    // A slow network keeps each refresh in flight long enough for the other tab's to overlap it, were it not for the lock.
    const slowRefresh = '**/api/v1/auth/refresh';
    await owner.route(slowRefresh, (route) => setTimeout(() => void route.continue(), 300));
    const tabs = await Promise.all([owner.newPage(), owner.newPage()]);
    try {
      await Promise.all(tabs.map((tab) => watch(tab).goto('/upload')));
      for (const tab of tabs) {
        await tab.getByRole('heading', { name: 'Upload images' }).waitFor();
        expect(new URL(tab.url()).pathname).toBe('/upload');
      }
    } finally {
      await owner.unroute(slowRefresh);
      await Promise.all(tabs.map((tab) => tab.close()));
    }
  });

  it('creates an API key, shows it once, and the key works against the API', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Name').fill('e2e automation');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByTestId('new-key');
    await shown.waitFor();
    const key = (await shown.textContent())?.trim() ?? '';
    expect(key).toMatch(/^lbx_[0-9A-Za-z]{38}$/);
    createdKey = key;
    await page.getByRole('cell', { name: 'e2e automation', exact: true }).waitFor();
    await states.look(page, 'api-keys');

    const me = await fetch(`${api.baseUrl}/api/v1/auth/me`, { headers: { 'X-API-Key': key } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ kind: 'api_key', name: 'e2e automation', scopes: ['images:read'] });

    await page.reload();
    await page.getByRole('cell', { name: 'e2e automation', exact: true }).waitFor();
    expect(await page.getByTestId('new-key').count()).toBe(0);
    expect(await page.content()).not.toContain(key);
  });

  it('starts the next key from images:read, not from the scopes of the key made before it', async () => {
    const scope = (name: string) => page.locator('fieldset label').filter({ has: page.locator('code', { hasText: name }) }).locator('input[type=checkbox]');
    await page.getByLabel('Name').fill('e2e writer');
    await scope('images:write').check();
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('new-key').waitFor();
    expect(await scope('images:write').isChecked()).toBe(false);
    expect(await scope('images:read').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'I have saved it' }).click();
  });

  it('rotates a key, showing the new one once, and revokes it: the old and the revoked key stop working', async () => {
    const meWith = (key: string) => fetch(`${api.baseUrl}/api/v1/auth/me`, { headers: { 'X-API-Key': key } }).then((answer) => answer.status);
    const first = createdKey;

    await page.getByRole('button', { name: 'Rotate e2e automation…' }).click();
    await page.getByLabel('Grace period for e2e automation').selectOption({ label: 'Stop the old key now' });
    await page.getByRole('button', { name: 'Rotate e2e automation', exact: true }).click();
    const rotated = ((await page.getByTestId('new-key').textContent()) ?? '').trim();
    expect(rotated).toMatch(/^lbx_/);
    expect(rotated).not.toBe(first);
    expect(await meWith(first)).toBe(401);
    expect(await meWith(rotated)).toBe(200);

    await page.getByRole('button', { name: 'Revoke e2e automation…' }).click();
    await page.getByRole('button', { name: 'Revoke “e2e automation”' }).click();
    await page.getByRole('cell', { name: 'revoked' }).first().waitFor();
    expect(await meWith(rotated)).toBe(401);
  });

  it('edits an image, and deletes another after a confirm step', async () => {
    await page.goto('/');
    await page.getByRole('list', { name: 'Images' }).getByRole('link', { name: /diary/ }).click();
    // The image page first: a title typed before it shows the image is lost (the click returns before the page has loaded).
    await page.getByRole('heading', { name: 'diary', level: 1 }).waitFor();
    // A tag the API refuses: its words beside the field, naming which tag, never a path.
    expectedFailures.add(`400 ${new URL(page.url()).pathname.replace(/^\/images/, '/api/v1/images')}`);
    const tags = page.getByRole('textbox', { name: /^Tags/ });
    await tags.fill('log, bad tag!');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('alert').filter({ hasText: 'Please check the fields marked.' }).waitFor();
    expect(await tags.getAttribute('aria-invalid')).toBe('true');
    expect((await page.locator('#tags-problem').textContent())?.trim()).toBe('Tag 2: Use 1–40 letters, digits or dashes, starting with a letter or digit.');
    expect(await page.locator('main').textContent()).not.toContain('tags.1');

    await page.getByLabel('Title').fill('Ship log');
    await tags.fill('log, Sea');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await tags.getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('heading', { name: 'Ship log' }).waitFor();
    expect(await page.getByRole('list', { name: 'Tags' }).textContent()).toMatch(/log\s*sea/);

    await page.goto('/');
    await page.getByRole('list', { name: 'Images' }).getByRole('link', { name: /scrap/ }).click();
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('button', { name: 'Keep it' }).waitFor();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.waitForURL(`${api.baseUrl}/`);
    await page.getByRole('list', { name: 'Images' }).getByRole('link', { name: /Ship log/ }).waitFor();
    expect(await page.getByRole('list', { name: 'Images' }).getByRole('link', { name: /scrap/ }).count()).toBe(0);
  });

  it('chooses several images by ticks and a shift-click, tags them all, then by a long press and a tap, and deletes them after one question', async () => {
    await page.goto('/upload');
    await page.locator('input[type=file]').setInputFiles([
      await picture('pier.png', { r: 30, g: 120, b: 90 }),
      await picture('gull.png', { r: 200, g: 200, b: 210 }),
      await picture('dune.png', { r: 210, g: 180, b: 120 }),
    ]);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('Uploaded.').nth(2).waitFor();
    await page.getByRole('link', { name: 'See them in the gallery' }).click();
    const images = page.getByRole('list', { name: 'Images' });
    const chosen = page.getByRole('region', { name: 'Chosen images' });
    const newest = /^Choose (pier|gull|dune)$/;

    // The three just uploaded are the newest, side by side: a tick on the first, shift on the third.
    const ticks = images.getByRole('checkbox');
    await ticks.nth(2).waitFor();
    expect(await ticks.nth(0).getAttribute('aria-label')).toMatch(newest);
    await ticks.nth(0).click();
    await chosen.getByText('1 image chosen').waitFor();
    await ticks.nth(2).click({ modifiers: ['Shift'] });
    await chosen.getByText('3 images chosen').waitFor();
    const checked = images.locator('[role=checkbox][aria-checked=true]');
    expect(await checked.evaluateAll((boxes) => boxes.map((box) => box.getAttribute('aria-label')))).toEqual(
      expect.arrayContaining(['Choose pier', 'Choose gull', 'Choose dune']),
    );
    await checked.nth(2).waitFor();
    expect(await checked.count()).toBe(3);

    await chosen.getByRole('button', { name: 'Add tags…' }).click();
    await chosen.getByLabel('Tags to add').fill('beach, e2e');
    await states.look(page, 'gallery-choosing', { fullPage: false });
    await chosen.getByRole('button', { name: 'Add tags', exact: true }).click();
    await chosen.getByRole('status').filter({ hasText: 'Tagged “beach”, “e2e” 3 images.' }).waitFor();
    await page.getByRole('option', { name: 'beach (3)' }).waitFor({ state: 'attached' });
    await page.keyboard.press('Escape');
    await chosen.getByText('3 images chosen').waitFor({ state: 'detached' });

    // The server has them so: the gallery filtered by the tag shows exactly those three.
    await page.goto('/?tag=beach');
    await images.getByRole('link', { name: /dune/ }).waitFor();
    const titles = () => images.getByRole('img').evaluateAll((photos: HTMLImageElement[]) => photos.map((photo) => photo.alt));
    expect((await titles()).sort()).toEqual(['dune', 'gull', 'pier']);

    // A finger held on one photo chooses it; a tap on another adds it, and opens neither.
    const cdp = await owner.newCDPSession(page);
    try {
      await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
      const touchAt = async (name: string, holdMs: number) => {
        const box = await images.getByRole('img', { name }).boundingBox();
        if (!box) throw new Error(`No photo named ${name}`);
        const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
        await page.waitForTimeout(holdMs);
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      };
      await touchAt('gull', 800);
      await chosen.getByText('1 image chosen').waitFor();
      expect(await images.getByRole('checkbox', { name: 'Choose gull' }).getAttribute('aria-checked')).toBe('true');
      await touchAt('dune', 50);
      await chosen.getByText('2 images chosen').waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
    } finally {
      await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
      await cdp.detach();
    }

    await chosen.getByRole('button', { name: 'Delete…' }).click();
    const question = page.getByRole('dialog', { name: 'Delete 2 images?' });
    await question.getByText('This cannot be undone.', { exact: false }).waitFor();
    await states.look(page, 'gallery-delete-question', { fullPage: false });
    await question.getByRole('button', { name: 'Delete 2 images' }).click();
    await chosen.getByRole('status').filter({ hasText: 'Deleted 2 images.' }).waitFor();
    await states.look(page, 'gallery-bulk-deleted');
    await page.reload();
    await images.getByRole('link', { name: /pier/ }).waitFor();
    expect(await titles()).toEqual(['pier']);
  });

  it('steps through the gallery from an image by the arrow keys and by a swipe, and Back returns to the gallery', async () => {
    await page.goto('/');
    const images = page.getByRole('list', { name: 'Images' });
    await images.getByRole('link', { name: /Ship log/ }).click();
    await page.getByRole('heading', { name: 'Ship log', level: 1 }).waitFor();
    // Newest first, as the gallery shows them: the next is the older harbour.
    await page.keyboard.press('ArrowRight');
    await page.getByRole('heading', { name: 'harbour', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Previous image' }).waitFor();
    expect(await page.getByRole('link', { name: 'Next image' }).count()).toBe(0);
    await page.keyboard.press('ArrowLeft');
    await page.getByRole('heading', { name: 'Ship log', level: 1 }).waitFor();

    // A finger moving from right to left over the photo: the next image.
    const cdp = await owner.newCDPSession(page);
    try {
      await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
      const box = await page.locator('figure.stage').boundingBox();
      if (!box) throw new Error('No photo to swipe');
      const y = box.y + box.height / 2;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: box.x + box.width * 0.8, y }] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: box.x + box.width * 0.5, y }] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: box.x + box.width * 0.2, y }] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await page.getByRole('heading', { name: 'harbour', level: 1 }).waitFor();
    } finally {
      await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
      await cdp.detach();
    }

    // Each step replaced the last: Back leads to the gallery, not through the images seen.
    await page.goBack();
    await page.waitForURL(`${api.baseUrl}/`);
    await images.getByRole('link', { name: /harbour/ }).waitFor();
  });

  it('shows an image on a dark stage: zoom to its own size, full screen, details beside it or, on a phone, in a sheet', async () => {
    await page.goto('/');
    await page.getByRole('list', { name: 'Images' }).getByRole('link', { name: /Ship log/ }).click();
    await page.getByRole('heading', { name: 'Ship log', level: 1 }).waitFor();
    const stage = page.locator('figure.stage');
    const details = page.getByRole('region', { name: 'Details' });
    await details.getByRole('button', { name: 'Save changes' }).waitFor();
    const [stageBox, detailsBox] = [await stage.boundingBox(), await details.boundingBox()];
    expect(detailsBox?.x).toBeGreaterThanOrEqual((stageBox?.x ?? 0) + (stageBox?.width ?? 0));

    // Fitted, the photo fills the stage's width; zoomed, it is the original at its own size (120 px).
    const shownWidth = () => stage.locator('img').evaluate((img) => Math.round(img.getBoundingClientRect().width));
    expect(await shownWidth()).toBe(Math.round(stageBox?.width ?? 0));
    const original = page.waitForResponse((response) => new URL(response.url()).pathname.endsWith('/file') && response.ok());
    await page.getByRole('button', { name: 'Zoom', pressed: false }).click();
    await original;
    await page.waitForFunction(() => document.querySelector('figure.stage img')?.getBoundingClientRect().width === 120);
    await stage.locator('img').dblclick();
    await page.getByRole('button', { name: 'Zoom', pressed: false }).waitFor();

    // Full screen: the photo alone, still stepping by the keys; the button leaves it again.
    const fullScreen = page.getByRole('button', { name: 'Full screen' });
    await fullScreen.click();
    await page.waitForFunction(() => document.fullscreenElement?.matches('figure.stage') === true);
    await page.keyboard.press('ArrowRight');
    await page.getByRole('heading', { name: 'harbour', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.fullscreenElement?.matches('figure.stage'))).toBe(true);
    await page.getByRole('button', { name: 'Full screen', pressed: true }).click();
    await page.waitForFunction(() => document.fullscreenElement === null);

    await page.getByRole('button', { name: 'Details', expanded: true }).click();
    await details.waitFor({ state: 'hidden' });
    await states.look(page, 'image-viewer', { fullPage: false });

    const phone = watch(await owner.newPage());
    await phone.setViewportSize({ width: 360, height: 740 });
    try {
      await phone.goto(page.url());
      await phone.getByRole('heading', { name: 'harbour', level: 1 }).waitFor();
      const sheet = phone.getByRole('region', { name: 'Details' });
      expect(await sheet.isVisible()).toBe(false);
      await phone.getByRole('button', { name: 'Details', expanded: false }).click();
      await sheet.getByRole('button', { name: 'Save changes' }).waitFor();
      const box = await sheet.boundingBox();
      expect(Math.round((box?.y ?? 0) + (box?.height ?? 0))).toBe(740);
      await states.look(phone, 'image-details-phone', { fullPage: false });
      await sheet.getByRole('button', { name: 'Hide details' }).click();
      await sheet.waitFor({ state: 'hidden' });
    } finally {
      await phone.close();
    }
  });

  it('shows what the camera recorded, and where only once the owner shows it, to a visitor too', async () => {
    const camera = {
      IFD0: { Make: 'Canon', Model: 'Canon EOS R5' },
      IFD2: { ExposureTime: '1/250', FNumber: '56/10', ISOSpeedRatings: '400', FocalLength: '50/1', DateTimeOriginal: '2024:07:14 18:03:12' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2400/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 0/1' },
    };
    const buffer = await sharp({ create: { width: 90, height: 60, channels: 3, background: { r: 90, g: 60, b: 120 } } }).withExif(camera).jpeg().toBuffer();
    await page.goto('/upload');
    await page.getByLabel('Visibility').selectOption('public');
    await page.locator('input[type=file]').setInputFiles([{ name: 'lighthouse.jpg', mimeType: 'image/jpeg', buffer }]);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('Uploaded.').waitFor();
    await page.goto('/');
    await page.getByRole('list', { name: 'Images' }).getByRole('link', { name: /lighthouse/ }).click();
    const recorded = page.getByTestId('exif');
    await recorded.getByText('Canon EOS R5').waitFor();
    expect(await recorded.textContent()).toContain('1/250 s · f/5.6 · ISO 400 · 50 mm');
    expect(await recorded.getByText('Where').count()).toBe(0);

    await page.getByLabel('Show where it was taken').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await recorded.getByText('48.8567° N, 2.3500° E').waitFor();
    await states.lookEverywhere(page, 'image');

    const visitor = await browser.newContext({ baseURL: api.baseUrl });
    try {
      const tab = watch(await visitor.newPage());
      await tab.goto(page.url());
      await tab.getByTestId('exif').getByText('48.8567° N, 2.3500° E').waitFor();
    } finally {
      await visitor.close();
    }

    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.waitForURL(`${api.baseUrl}/`);
  });

  it('says the gallery could not load, with Try again, which loads it', async () => {
    const list = (url: URL) => url.pathname === '/api/v1/images';
    let unreachable = true;
    await page.route(list, (route) => (unreachable ? route.abort('connectionrefused') : route.continue()));
    try {
      await page.goto('/');
      await page.getByRole('alert').filter({ hasText: 'The server does not answer. Check your connection and try again.' }).waitFor();
      unreachable = false;
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.getByRole('list', { name: 'Images' }).getByRole('link', { name: /harbour/ }).waitFor();
      expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    } finally {
      await page.unroute(list);
    }
  });

  it('lets the owner add an editor, who may upload but not change the owner’s images nor open admin pages', async () => {
    await page.goto('/admin/users');
    const newUser = page.getByRole('form', { name: 'New user' });
    await newUser.getByLabel('Username').fill('edith');
    await newUser.getByRole('textbox', { name: /^Password/ }).fill('edith e2e password');
    await newUser.getByRole('combobox', { name: /^Role$/ }).selectOption('editor');
    await newUser.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('status').filter({ hasText: 'edith can log in now.' }).waitFor();
    expect(await page.getByLabel('Role of edith').inputValue()).toBe('editor');

    const editorBrowser = await browser.newContext({ baseURL: api.baseUrl });
    try {
      const editor = watch(await editorBrowser.newPage());
      await editor.goto('/login');
      await editor.getByLabel('Username').fill('edith');
      await editor.getByLabel('Password').fill('edith e2e password');
      await editor.getByRole('button', { name: 'Log in' }).click();
      await editor.getByRole('link', { name: 'Upload', exact: true }).waitFor();
      expect(await editor.getByRole('link', { name: 'Users' }).count()).toBe(0);

      await editor.getByRole('list', { name: 'Images' }).getByRole('link', { name: /harbour/ }).click();
      await editor.getByRole('heading', { name: 'harbour' }).waitFor();
      expect(await editor.getByRole('button', { name: 'Save changes' }).count()).toBe(0);

      await editor.goto('/admin/users');
      await editor.waitForURL('**/forbidden');
      await editor.getByRole('heading', { name: 'Not allowed' }).waitFor();
    } finally {
      await editorBrowser.close();
    }
  });

  it('shows the audit log without token refreshes, filtered by event in the address, targets by name', async () => {
    await page.goto('/admin/audit');
    await page.getByRole('cell', { name: 'login.succeeded' }).first().waitFor();
    expect(await page.locator('tbody td:nth-child(2)').allTextContents()).not.toContain('token.refreshed');
    // An upload names its image by title, linked to it.
    await page.getByRole('link', { name: 'Image “harbour”' }).first().waitFor();
    expect(await page.locator('tbody td:nth-child(5)').allTextContents()).not.toContainEqual(expect.stringMatching(/^image:/));

    await page.getByLabel('Event').selectOption('login.failed');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/\/admin\/audit\?action=login\.failed$/);
    await page.reload();
    await page.getByRole('cell', { name: 'failure' }).first().waitFor();
    const events = await page.locator('tbody td:nth-child(2)').allTextContents();
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events)).toEqual(new Set(['login.failed']));
    expect(await page.getByLabel('Event').inputValue()).toBe('login.failed');
  });

  it('lists the sessions by device, this browser marked, its user agent on demand', async () => {
    await page.goto('/settings/sessions');
    const mine = page.locator('summary').filter({ hasText: '(this browser)' });
    await mine.waitFor();
    expect((await mine.textContent())?.replace(/\s+/g, ' ').trim()).toBe('Chrome on Linux (this browser)');
    const raw = page.locator('details', { has: mine }).locator('code');
    expect(await raw.isVisible()).toBe(false);
    await mine.click();
    expect(await raw.textContent()).toMatch(/^Mozilla\/5\.0 .*Chrome\//);
    expect(await page.getByRole('button', { name: /^Revoke the session of Chrome on Linux from / }).count()).toBeGreaterThan(0);
  });

  it('fits every page to a phone: nothing wider than the screen, tables as cards, every button in reach', async () => {
    const phone = watch(await owner.newPage());
    await phone.setViewportSize({ width: 360, height: 740 });
    try {
      for (const path of PAGES) {
        await phone.goto(path);
        await phone.getByRole('heading', { level: 1 }).waitFor();
        await phone.waitForLoadState('networkidle');
        const fit = await phone.evaluate(() => ({
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          scrollingTables: Array.from(document.querySelectorAll('.table-wrap')).filter((wrap) => wrap.scrollWidth > wrap.clientWidth).length,
          buttonsOut: Array.from(document.querySelectorAll('main button'))
            .map((button) => button.getBoundingClientRect())
            .filter((box) => box.width > 0 && (box.left < 0 || box.right > window.innerWidth)).length,
        }));
        expect({ path, ...fit }).toEqual({ path, overflow: 0, scrollingTables: 0, buttonsOut: 0 });
        await states.look(phone, `phone-light-${pageName(path)}`);
      }
      await phone.emulateMedia({ colorScheme: 'dark' });
      for (const path of PAGES) {
        await phone.goto(path);
        await phone.getByRole('heading', { level: 1 }).waitFor();
        await phone.waitForLoadState('networkidle');
        await states.look(phone, `phone-dark-${pageName(path)}`);
      }
      await phone.emulateMedia({ colorScheme: 'light' });
      await phone.goto('/');
      await phone.getByRole('list', { name: 'Images' }).getByRole('link').first().waitFor();
      // A justified grid, not one column: the first row holds three of the landscape photos.
      const tiles = phone.getByRole('list', { name: 'Images' }).getByRole('listitem');
      const tops = await tiles.evaluateAll((items) => items.map((item) => Math.round(item.getBoundingClientRect().top)));
      expect(tops.filter((top) => top === tops[0]).length).toBeGreaterThanOrEqual(3);
    } finally {
      await phone.close();
    }
  });

  it('puts the links behind Menu on a phone: one header row, targets of 44 px, closed by a page or Escape', async () => {
    const phone = watch(await owner.newPage());
    await phone.setViewportSize({ width: 360, height: 740 });
    try {
      await phone.goto('/');
      // The page first: opening it closes the menu, as a page opened from the menu does.
      await phone.getByRole('heading', { level: 1 }).waitFor();
      const menu = phone.getByRole('button', { name: 'Menu' });
      // One row: the three rows of links it took before were 166 px.
      expect((await phone.locator('header').boundingBox())?.height).toBeLessThan(80);
      const nav = phone.getByRole('navigation', { name: 'Main' });
      expect(await nav.isVisible()).toBe(false);

      await menu.click();
      // Angular renders a moment after the click: wait for the state, never read it at once.
      await phone.locator('button[aria-controls=main-nav][aria-expanded=true]').waitFor();
      const heights = await nav.getByRole('link').evaluateAll((links) => links.map((link) => link.getBoundingClientRect().height));
      expect(heights.length).toBeGreaterThan(5);
      expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);
      await states.look(phone, 'menu-phone', { fullPage: false });
      await nav.getByRole('link', { name: 'Albums' }).click();
      await phone.getByRole('heading', { name: 'Albums', level: 1 }).waitFor();
      await nav.waitFor({ state: 'hidden' });

      await menu.click();
      await nav.getByRole('link', { name: 'Gallery' }).focus();
      await phone.keyboard.press('Escape');
      await nav.waitFor({ state: 'hidden' });
      expect(await phone.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Menu');
    } finally {
      await phone.close();
    }
  });

  it('follows a dark system, every page passing axe, and keeps a theme picked in the header', async () => {
    const dark = await browser.newContext({ baseURL: api.baseUrl, colorScheme: 'dark', viewport: { width: 1280, height: 800 } });
    const tab = watch(await dark.newPage());
    const background = () => tab.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    try {
      await tab.goto('/login');
      await tab.getByLabel('Username').fill(OWNER.username);
      await tab.getByLabel('Password').fill(OWNER.password);
      await tab.getByRole('button', { name: 'Log in' }).click();
      await tab.getByTestId('signed-in-user').waitFor();
      expect(await background()).toBe('rgb(20, 23, 27)');
      for (const path of PAGES) {
        await tab.goto(path);
        await tab.getByRole('heading', { level: 1 }).waitFor();
        await tab.waitForLoadState('networkidle');
        await states.look(tab, `desktop-dark-${pageName(path)}`);
      }
      await tab.goto('/');
      await tab.getByRole('list', { name: 'Images' }).getByRole('link').first().waitFor();

      const toggle = tab.getByRole('button', { name: 'Dark theme' });
      expect(await toggle.getAttribute('aria-pressed')).toBe('true');
      await toggle.click();
      await tab.locator('button[aria-label="Dark theme"][aria-pressed=false]').waitFor();
      expect(await background()).toBe('rgb(255, 255, 255)');
      await tab.reload();
      await tab.getByRole('list', { name: 'Images' }).waitFor();
      expect(await background()).toBe('rgb(255, 255, 255)');
      for (const path of PAGES) {
        await tab.goto(path);
        await tab.getByRole('heading', { level: 1 }).waitFor();
        await tab.waitForLoadState('networkidle');
        await states.look(tab, `desktop-light-${pageName(path)}`);
      }
    } finally {
      await dark.close();
    }
  });

  it('shows the owner the write controls, and logging out hides them', async () => {
    await page.goto('/');
    await page.getByRole('list', { name: 'Images' }).getByRole('link', { name: /harbour/ }).click();
    await page.getByRole('button', { name: 'Save changes' }).waitFor();
    expect(await page.getByRole('button', { name: 'Delete…' }).isVisible()).toBe(true);

    const otherTab = watch(await owner.newPage());
    await otherTab.goto('/settings/sessions');
    await otherTab.getByRole('heading', { name: 'Sessions' }).waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('link', { name: 'Log in' }).waitFor();
    // The other tab hears of it and leaves the page that needs a session.
    await otherTab.waitForURL('**/login?returnUrl=%2Fsettings%2Fsessions');
    await otherTab.close();
    await page.goBack();
    await page.getByRole('heading', { name: 'harbour' }).waitFor();
    expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete…' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Upload' }).count()).toBe(0);
  });

  it('shows an anonymous visitor the public images only, with no edit or delete', async () => {
    const visitor = await browser.newContext({ baseURL: api.baseUrl });
    try {
      const visit = watch(await visitor.newPage());
      await visit.goto('/');
      const images = visit.getByRole('list', { name: 'Images' });
      await images.getByRole('link', { name: /harbour/ }).waitFor();
      expect(await images.getByRole('link', { name: /diary/ }).count()).toBe(0);

      await images.getByRole('link', { name: /harbour/ }).click();
      await visit.getByRole('heading', { name: 'harbour' }).waitFor();
      await visit.getByRole('link', { name: 'e2e' }).waitFor();
      expect(await visit.getByRole('button', { name: 'Delete…' }).count()).toBe(0);
      expect(await visit.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    } finally {
      await visitor.close();
    }
  });

  it('opens a deep link through the SPA fallback', async () => {
    const response = await page.goto('/no/such/page');
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
  });

  it('keeps the initial bundle within 100 kB gzip', () => {
    const browserDir = join(__dirname, '../../../dist/apps/web/browser');
    const index = readFileSync(join(browserDir, 'index.html'), 'utf8');
    const initial = [...index.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((match) => match[1]);
    const gzipped = initial.reduce((total, file) => total + gzipSync(readFileSync(join(browserDir, file))).length, 0);
    expect(initial.some((file) => file.startsWith('main-'))).toBe(true);
    expect(gzipped).toBeLessThanOrEqual(100 * 1000);
  });

  it('finds no accessibility violation of any impact (axe) in any page state it looked at', () => {
    expect(states.findings).toEqual([]);
  });

  it('met no script error and no failed request on any page', () => {
    expect(problems).toEqual([]);
  });
});
