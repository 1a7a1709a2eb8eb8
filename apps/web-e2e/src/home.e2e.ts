import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startApi, type ApiProcess } from '@lightbox/test-harness';
import { launchBrowser } from './browser';

const ARTIFACTS = join(__dirname, '..', 'artifacts');

describe('the SPA in Chromium', () => {
  let api: ApiProcess;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lightbox-web-e2e-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    [api, browser] = await Promise.all([startApi({ DATA_DIR: dataDir }), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads from the API and shows that the server is up, with no console errors', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${api.baseUrl}/`);
    await page.getByRole('status').filter({ hasText: 'The server is up.' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'home.png') });

    expect(await page.title()).toBe('Lightbox');
    expect(errors).toEqual([]);
  });

  it('opens a deep link through the SPA fallback', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${api.baseUrl}/some/deep/link`);
    expect(response?.status()).toBe(200);
    await page.getByRole('link', { name: 'Lightbox' }).waitFor();
  });
});
