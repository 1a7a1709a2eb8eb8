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

/**
 * Open at once, Swagger UI's rendering grows faster than the operations open: a few at a time keep
 * it linear (about 2.5 s an operation here), and two pages, one per core, halve it.
 */
const BATCH = 8;
const PAGES = 2;

/** Swagger UI as a person reads the document: every operation opened, with its examples, a few at a time. */
describe('Swagger UI in Chromium', () => {
  let api: ApiProcess;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  let operations = 0;
  /** The examples of every operation, and axe's findings on the page and on each batch opened. */
  const examples: string[] = [];
  const violations: AxeViolation[] = [];

  const axe = (on: Page, scope: 'page' | 'open operations') =>
    on.evaluate(
      async ({ scope }) => {
        const run = (window as unknown as { axe: { run: (context: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe.run;
        const context = scope === 'page' ? document : { include: Array.from(document.querySelectorAll('.opblock.is-open')) };
        return (await run(context)).violations;
      },
      { scope },
    );

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lightbox-swagger-e2e-'));
    api = await startApi({ DATA_DIR: dataDir });
    browser = await launchBrowser();
    // The API's CSP rightly refuses inline scripts; axe is injected as one.
    page = await browser.newPage({ baseURL: api.baseUrl, bypassCSP: true });
    const open = async (on: Page) => {
      await on.goto('/api/docs');
      await on.locator('.opblock').first().waitFor();
      await on.addScriptTag({ path: require.resolve('axe-core') });
    };
    await open(page);
    violations.push(...(await axe(page, 'page')));
    operations = await page.locator('.opblock').count();
    const readBatches = async (on: Page, first: number) => {
      const toggle = (from: number, to: number) =>
        on.evaluate(([from, to]) => Array.from(document.querySelectorAll<HTMLElement>('.opblock-summary-control')).slice(from, to).forEach((summary) => summary.click()), [from, to]);
      for (let from = first * BATCH; from < operations; from += BATCH * PAGES) {
        const to = Math.min(from + BATCH, operations);
        await toggle(from, to);
        await on.waitForFunction((count) => document.querySelectorAll('.opblock.is-open .opblock-body').length === count, to - from, { timeout: 120_000, polling: 250 });
        examples.push(...(await on.locator('.opblock.is-open .microlight').allInnerTexts()));
        violations.push(...(await axe(on, 'open operations')));
        await toggle(from, to);
        await on.waitForFunction(() => document.querySelectorAll('.opblock.is-open').length === 0, undefined, { timeout: 120_000, polling: 250 });
      }
    };
    const others = await Promise.all(Array.from({ length: PAGES - 1 }, async () => {
      const other = await browser.newPage({ baseURL: api.baseUrl, bypassCSP: true });
      await open(other);
      return other;
    }));
    await Promise.all([page, ...others].map((on, index) => readBatches(on, index)));
  }, 480_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a summary for every operation, and opened every one', async () => {
    const summaries = await page.locator('.opblock-summary-description').allInnerTexts();
    expect(summaries.length).toBeGreaterThan(25);
    expect(summaries).toHaveLength(operations);
    expect(summaries.filter((summary) => summary.trim() === '')).toEqual([]);
  });

  it('shows no example a person would take for a bug', () => {
    const text = examples.join('\n');
    expect(text).toContain('"width": 4032');
    expect(text).not.toMatch(/-?9007199254740991/);
    // Every date in an example is a plausible one, not the year 884 that a regex-built example gave.
    const years = [...text.matchAll(/"(\d{4,})-\d\d-\d\dT/g)].map(([, year]) => Number(year));
    expect(years.length).toBeGreaterThan(0);
    expect(years.filter((year) => year < 2000 || year > 2100)).toEqual([]);
  });

  it('has no accessibility violations of any impact (axe), closed or open', () => {
    const found = violations.map((violation) => `${violation.impact} ${violation.id}: ${violation.help} (${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(', ')})`);
    expect([...new Set(found)]).toEqual([]);
  });
});
