import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, never a downloaded one; the flags keep it off the (closed) network. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Refusals that are answers on every run: the login page asks whether sign-up is open, and 404 (the default) is no. */
const ANSWERS: ReadonlySet<string> = new Set(['404 /api/v1/auth/signup']);

/** Records in `problems` a page's script errors, and any failed response (`status path`) not in `expectedFailures`. */
export function watchForProblems(target: Page, problems: string[], expectedFailures: ReadonlySet<string>): Page {
  target.on('pageerror', (error) => problems.push(`${target.url()}: ${error.message}`));
  target.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
  });
  target.on('response', (response) => {
    const failure = `${response.status()} ${new URL(response.url()).pathname}`;
    if (response.status() >= 400 && !expectedFailures.has(failure) && !ANSWERS.has(failure)) problems.push(failure);
  });
  return target;
}

/** The sizes a page is seen at: the laptop and a small phone. */
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 360, height: 740 } };

/** Screenshots of every page state the suites look at (not committed; a few are copied to docs/). */
const ARTIFACTS = join(__dirname, '..', 'artifacts');

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResults {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}

/** axe's findings on the page as it is now, every rule it runs by default and every impact, as `rule (impact) at target`. */
export async function axeFindings(target: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) stays in force.
  if (!(await target.evaluate(() => 'axe' in window))) await target.evaluate(AXE_SOURCE);
  return target.evaluate(async () => {
    const { violations } = await (window as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } }).axe.run(document);
    return violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact}) at ${node.target.join(' ')}`));
  });
}

/**
 * The page states a suite has looked at: each one photographed into ARTIFACTS and checked by axe.
 * Findings are kept, not thrown, so one bad state does not hide the rest; each suite's last test
 * expects none.
 */
export class PageStates {
  readonly findings: string[] = [];

  constructor() {
    mkdirSync(ARTIFACTS, { recursive: true });
  }

  async look(target: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
    await target.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: options.fullPage ?? true, animations: 'disabled' });
    this.findings.push(...(await axeFindings(target)).map((finding) => `${name}: ${finding}`));
  }

  /** The page as it is now, on a desktop and a phone, light and dark (`name-phone-dark`, …); then as it was. */
  async lookEverywhere(target: Page, name: string): Promise<void> {
    const viewport = target.viewportSize();
    for (const [size, box] of Object.entries(VIEWPORTS)) {
      await target.setViewportSize(box);
      for (const colorScheme of ['light', 'dark'] as const) {
        await target.emulateMedia({ colorScheme });
        await this.look(target, `${name}-${size}-${colorScheme}`);
      }
    }
    await target.emulateMedia({ colorScheme: null });
    if (viewport) await target.setViewportSize(viewport);
  }
}
