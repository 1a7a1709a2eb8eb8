// npm run bench:lcp [-- --no-build] [--runs N]
// The gallery as a first-time visitor sees it: the production build with 48 public photos, opened
// in Debian's Chromium with an empty cache, once on a desktop with no throttling and once as
// Lighthouse's mobile profile (360×740, 150 ms round trip, 1.6 Mbit/s down, CPU slowed 4×).
// Prints the medians of First Contentful Paint and Largest Contentful Paint, the element LCP
// chose, and the bytes the page loaded; writes bench/lcp.json.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { median } from './load.mjs';
import { buildProduction, startLightbox } from './servers.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: options } = parseArgs({ options: { 'no-build': { type: 'boolean' }, runs: { type: 'string', default: '5' } } });
const RUNS = Number(options.runs);
const PHOTOS = 48;
const OWNER = { username: 'owner', password: 'the benchmark owner password' };
const PROFILES = [
  { name: 'desktop, no throttling', viewport: { width: 1280, height: 800 }, network: null, cpu: 1 },
  {
    name: 'phone, slow 4G, CPU 4×',
    viewport: { width: 360, height: 740 },
    // Lighthouse's "mobile" defaults (simulated there, applied here).
    network: { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 },
    cpu: 4,
  },
];
const log = (message) => process.stderr.write(`${message}\n`);

if (!options['no-build']) {
  log('building the API and the SPA (production)…');
  buildProduction(ROOT);
}

const dataDir = mkdtempSync(join(tmpdir(), 'lightbox-lcp-'));
const api = await startLightbox(ROOT, {
  DATA_DIR: dataDir,
  JWT_SECRET: randomBytes(48).toString('base64url'),
  MFA_ENCRYPTION_KEY: randomBytes(48).toString('base64url'),
  OWNER_USERNAME: OWNER.username,
  OWNER_PASSWORD: OWNER.password,
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});

try {
  log(`uploading ${PHOTOS} photos…`);
  await seed(api.base);
  const results = [];
  for (const profile of PROFILES) {
    const runs = [];
    for (let run = 0; run < RUNS; run++) runs.push(await visit(profile));
    results.push({
      profile: profile.name,
      fcp_ms: median(runs.map((one) => one.fcp)),
      lcp_ms: median(runs.map((one) => one.lcp)),
      lcp_element: runs.at(-1).element,
      kilobytes: median(runs.map((one) => one.bytes)) / 1024,
    });
  }
  console.table(results.map((row) => ({ ...row, fcp_ms: Math.round(row.fcp_ms), lcp_ms: Math.round(row.lcp_ms), kilobytes: Math.round(row.kilobytes) })));
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/lcp.json'), `${JSON.stringify({ runs: RUNS, photos: PHOTOS, results }, null, 2)}\n`);
} finally {
  await browser.close();
  await api.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/** One cold visit of the gallery: a new context (no cache, no cookies), throttled as the profile says. */
async function visit(profile) {
  const context = await browser.newContext({ viewport: profile.viewport, baseURL: api.base });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (profile.network) await cdp.send('Network.emulateNetworkConditions', profile.network);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event) => (bytes += event.encodedDataLength));
  await page.addInitScript(() => {
    const seen = { lcp: 0, element: '' };
    Object.assign(window, { __lcp: seen });
    new PerformanceObserver((list) => {
      const last = list.getEntries().at(-1);
      seen.lcp = last.startTime;
      seen.element = last.element ? `${last.element.tagName.toLowerCase()}${last.element.getAttribute('alt') ? `[alt=${last.element.getAttribute('alt')}]` : ''}` : '';
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  await page.goto('/');
  await page.getByRole('list', { name: 'Images' }).getByRole('img').first().waitFor();
  await page.waitForLoadState('networkidle');
  // LCP is final at the first input; a click on the page's heading ends it as a person would.
  await page.getByRole('heading', { level: 1 }).click();
  const measured = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    ...window.__lcp,
  }));
  await context.close();
  return { ...measured, bytes };
}

/** The owner's photos: 3:2 and 2:3, 3000 px, blotchy enough that a thumbnail weighs what a photo's does (~30 kB). */
async function seed(base) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(OWNER),
  });
  const { access_token: token } = await login.json();
  for (let i = 0; i < PHOTOS; i++) {
    const [width, height] = i % 3 === 2 ? [2000, 3000] : [3000, 2000];
    const noise = await sharp({ create: { width: width / 40, height: height / 40, channels: 3, noise: { type: 'gaussian', mean: 120, sigma: 60 } } })
      .resize(width, height, { kernel: 'cubic' })
      .jpeg({ quality: 85 })
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([noise], { type: 'image/jpeg' }), `photo-${i}.jpg`);
    form.append('title', `Photo ${i + 1}`);
    form.append('visibility', 'public');
    const response = await fetch(`${base}/api/v1/images`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    if (response.status !== 201) throw new Error(`upload ${i}: ${response.status} ${await response.text()}`);
  }
}
