import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startApi, type ApiProcess } from '@lightbox/test-harness';
import { launchBrowser } from './browser';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Swagger UI as a person reads the document: every operation open, with its examples. */
describe('Swagger UI in Chromium', () => {
  let api: ApiProcess;
  let browser: Browser;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lightbox-swagger-e2e-'));
    api = await startApi({ DATA_DIR: dataDir });
    browser = await launchBrowser();
    // The API's CSP rightly refuses inline scripts; axe is injected as one.
    page = await browser.newPage({ baseURL: api.baseUrl, bypassCSP: true });
    await page.goto('/api/docs');
    await page.locator('.opblock').first().waitFor();
    const operations = await page.locator('.opblock').count();
    await page.evaluate(() => document.querySelectorAll<HTMLElement>('.opblock-summary-control').forEach((summary) => summary.click()));
    // Rendering every operation's body at once takes Swagger UI tens of seconds on a busy 2-core machine.
    await page.locator('.opblock-body').nth(operations - 1).waitFor({ timeout: 150_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a summary for every operation', async () => {
    const summaries = await page.locator('.opblock-summary-description').allInnerTexts();
    expect(summaries.length).toBeGreaterThan(25);
    expect(summaries.filter((summary) => summary.trim() === '')).toEqual([]);
  });

  it('shows no example a person would take for a bug', async () => {
    const examples = (await page.locator('.microlight').allInnerTexts()).join('\n');
    expect(examples).toContain('"width": 4032');
    expect(examples).not.toMatch(/-?9007199254740991/);
    // Every date in an example is a plausible one, not the year 884 that a regex-built example gave.
    const years = [...examples.matchAll(/"(\d{4,})-\d\d-\d\dT/g)].map(([, year]) => Number(year));
    expect(years.length).toBeGreaterThan(0);
    expect(years.filter((year) => year < 2000 || year > 2100)).toEqual([]);
  });

  it('has no critical or serious accessibility violations (axe)', async () => {
    await page.addScriptTag({ path: require.resolve('axe-core') });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
      // Two findings are Swagger UI's own markup, the same for any document: an operation's
      // header is a button holding a copy button (nested-interactive), and its server and
      // example pickers are selects without a label (select-name).
      const options = { rules: { 'nested-interactive': { enabled: false }, 'select-name': { enabled: false } } };
      return (await axe.run(document, options)).violations;
    });
    const serious = violations
      .filter((violation) => violation.impact === 'critical' || violation.impact === 'serious')
      .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(', ')})`);
    expect(serious).toEqual([]);
    // axe reads the whole open document: ~35 s here when idle.
  }, 180_000);
});
