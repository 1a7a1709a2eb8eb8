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
