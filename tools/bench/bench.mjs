// npm run bench [-- --quick] [--postgres] [--no-build] [--profile]
// Starts the production build of the API (PGlite, or a fresh PostgreSQL database with --postgres)
// with a seeded owner, key and images, drives it with autocannon from this process, and prints one
// table; writes bench/results.json. Cases run interleaved, round after round, and report medians.
import autocannon from 'autocannon';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { crc32, gzipSync } from 'node:zlib';
import pg from 'pg';
import sharp from 'sharp';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: options } = parseArgs({
  options: { quick: { type: 'boolean' }, postgres: { type: 'boolean' }, 'no-build': { type: 'boolean' }, profile: { type: 'boolean' } },
});
const ROUNDS = 5;
const SECONDS = options.quick ? 1 : 4;
const CONNECTIONS = 10;
const LOGIN_STORM_PER_SECOND = 20;
/** People log in one at a time: a login's latency is measured at low concurrency. */
const LOGIN_CONNECTIONS = 2;
const LOGIN_USERS = Array.from({ length: 20 }, (_, i) => ({ username: `bench-user-${i}`, password: `bench user password ${i}` }));
const OWNER = { username: 'owner', password: 'the benchmark owner password' };
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const log = (message) => process.stderr.write(`${message}\n`);

// --- the server ------------------------------------------------------------------------------

if (!options['no-build']) {
  log('building the API and the SPA (production)…');
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api', 'web', '--outputStyle=static'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (build.status !== 0) throw new Error('the build failed');
}

const dataDir = mkdtempSync(join(tmpdir(), 'lightbox-bench-'));
const database = options.postgres ? await freshPostgresDatabase() : undefined;
// --profile: a V8 CPU profile of the whole run in bench/profiles/, for Chrome DevTools or speedscope.
const profile = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench/profiles')}`] : [];
const server = spawn(process.execPath, [...profile, '--require', join(ROOT, 'tools/bench/probe.cjs'), join(ROOT, 'dist/apps/api/main.js')], {
  env: {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    // The API reports the port the system gave it over the IPC channel (see main.ts).
    PORT: '0',
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    OWNER_USERNAME: OWNER.username,
    OWNER_PASSWORD: OWNER.password,
    // The load comes from "many clients": each login request names its own address.
    TRUST_PROXY: 'true',
    LOG_LEVEL: 'info',
    ...(database ? { DATABASE_URL: database.url } : {}),
  },
  // Request logs are written (as in production) and thrown away.
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
});
const exited = once(server, 'exit');
const died = () => exited.then(() => Promise.reject(new Error(`the API exited (${server.exitCode ?? server.signalCode})`)));
// The API's first message names the port the system gave it.
const listening = new Promise((resolve) => server.once('message', ({ listening: port }) => resolve(port)));
let base;
const stats = () =>
  Promise.race([
    new Promise((resolve) => {
      server.once('message', resolve);
      server.send('stats');
    }),
    died(),
  ]);
const stop = async () => {
  if (server.exitCode === null && server.signalCode === null) {
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
  await database?.drop();
};
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void stop().finally(() => process.exit(130)));

try {
  const bundle = spaInitialBundle();
  base = `http://127.0.0.1:${await Promise.race([listening, died()])}`;
  await waitUntilReady();
  const seeded = await seed();
  const results = await measure(seeded);
  report({ ...results, bundle });
} finally {
  await stop();
}

// --- the cases -------------------------------------------------------------------------------

/**
 * Rejections are measured on a protected route (`/auth/me`): a public route ignores refused
 * credentials. So are the query counts of API keys, warm or unknown: the image list costs one
 * query of its own.
 */
function cases({ token, key }) {
  const images = '/api/v1/images?limit=20';
  const me = '/api/v1/auth/me';
  const bearer = { authorization: `Bearer ${token}` };
  const unknown = unknownKey();
  return [
    { name: 'health', path: '/health', expect: [200] },
    { name: 'me-jwt', path: me, headers: bearer, expect: [200] },
    { name: 'me-api-key', path: me, headers: { 'x-api-key': key }, expect: [200] },
    { name: 'public', path: images, expect: [200] },
    { name: 'jwt', path: images, headers: bearer, expect: [200] },
    { name: 'api-key', path: images, headers: { 'x-api-key': key }, expect: [200] },
    { name: 'api-key-cold', path: me, perRequest: () => ({ 'x-api-key': unknownKey() }), expect: [401] },
    { name: 'unknown-key-flood', path: me, headers: { 'x-api-key': unknown }, expect: [401] },
    { name: 'invalid-key', path: me, headers: { 'x-api-key': `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}` }, expect: [401] },
    { name: 'invalid-jwt', path: me, headers: { authorization: `Bearer ${token.slice(0, -2)}xx` }, expect: [401] },
    { ...loginRequests(), name: 'login', connections: LOGIN_CONNECTIONS, expect: [200] },
    {
      name: 'login-unknown',
      path: '/api/v1/auth/login',
      method: 'POST',
      connections: LOGIN_CONNECTIONS,
      perRequest: () => ({ ...clientAddress(), 'content-type': 'application/json' }),
      perRequestBody: () => JSON.stringify({ username: `nobody-${randomBytes(6).toString('hex')}`, password: 'wrong password' }),
      expect: [401],
    },
    { name: 'mixed', path: images, expect: [200], during: loginStorm },
  ];
}

/** Correct logins, each as one of the seeded users (in turn) from an address of its own. */
function loginRequests() {
  let next = 0;
  return {
    path: '/api/v1/auth/login',
    method: 'POST',
    perRequest: () => ({ ...clientAddress(), 'content-type': 'application/json' }),
    perRequestBody: () => JSON.stringify(LOGIN_USERS[next++ % LOGIN_USERS.length]),
  };
}

/** Real logins at a fixed rate while something else is measured. */
function loginStorm() {
  const { path, method, perRequest, perRequestBody } = loginRequests();
  return autocannon({
    url: `${base}${path}`,
    method,
    connections: 4,
    overallRate: LOGIN_STORM_PER_SECOND,
    duration: SECONDS,
    requests: [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, ...perRequest() }, body: perRequestBody() }) }],
  });
}

async function measure(seeded) {
  const all = cases(seeded);
  const byCase = new Map(all.map((c) => [c.name, []]));
  log(`warming up, then ${ROUNDS} interleaved rounds of ${all.length} cases, ${SECONDS} s each…`);
  for (const name of ['public', 'jwt', 'api-key', 'me-jwt', 'me-api-key']) await run(all.find((c) => c.name === name));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const c of all) byCase.get(c.name).push(await run(c));
    log(`round ${round}/${ROUNDS} done`);
  }
  const rows = all.map((c) => summarise(c.name, byCase.get(c.name)));

  // Ratios of the same round (the cases ran side by side), then their median.
  const roundRatio = (a, b) => median(byCase.get(a).map((run, round) => run.rps / byCase.get(b)[round].rps));
  const ratios = {
    'jwt/public': roundRatio('jwt', 'public'),
    'api-key/public': roundRatio('api-key', 'public'),
    'me-jwt/health': roundRatio('me-jwt', 'health'),
    'mixed/public': roundRatio('mixed', 'public'),
  };

  const publicRps = rows.find((row) => row.case === 'public').rps;
  const rate = Math.max(1, Math.round(publicRps / 2));
  const jwt = all.find((c) => c.name === 'jwt');
  const calm = [];
  const stormy = [];
  for (let round = 1; round <= ROUNDS; round++) {
    calm.push(await atFixedRate(jwt, rate, false));
    stormy.push(await atFixedRate(jwt, rate, true));
  }
  const fixedRate = {
    rate,
    p99Ms: median(calm.map((r) => r.p99Ms)),
    eventLoopDelayP99Ms: median(calm.map((r) => r.eventLoopDelayP99Ms)),
    p99DuringLoginStormMs: median(stormy.map((r) => r.p99Ms)),
    eventLoopDelayP99DuringLoginStormMs: median(stormy.map((r) => r.eventLoopDelayP99Ms)),
    unexpected: [...calm, ...stormy].reduce((sum, r) => sum + r.unexpected, 0),
  };
  const { rssBytes } = await stats();
  return { rows, ratios, fixedRate, rssBytes };
}

/**
 * An open loop: requests leave on schedule whether or not earlier ones have returned, and each
 * latency counts from its planned start (autocannon's overallRate sends each second's quota in a
 * burst). With `storm`, logins go out the same way at LOGIN_STORM_PER_SECOND.
 */
async function atFixedRate(c, rate, storm) {
  server.send('reset-delay');
  const logins = loginRequests();
  const [measured, stormed] = await Promise.all([
    openLoop(rate, () => fetch(`${base}${c.path}`, { headers: c.headers })),
    storm
      ? openLoop(LOGIN_STORM_PER_SECOND, () =>
          fetch(`${base}${logins.path}`, { method: 'POST', headers: logins.perRequest(), body: logins.perRequestBody() }),
        )
      : { latencies: [], unexpected: 0 },
  ]);
  const { delayP99Ms } = await stats();
  return { p99Ms: percentile(measured.latencies, 99), eventLoopDelayP99Ms: delayP99Ms, unexpected: measured.unexpected + stormed.unexpected };
}

async function openLoop(rate, send) {
  const interval = 1000 / rate;
  const started = performance.now();
  const latencies = [];
  let unexpected = 0;
  const inFlight = [];
  for (let i = 0; i < rate * SECONDS; i++) {
    const planned = started + i * interval;
    const wait = planned - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      send().then(
        async (response) => {
          await response.arrayBuffer();
          if (response.status !== 200) unexpected++;
          latencies.push(performance.now() - planned);
        },
        () => unexpected++,
      ),
    );
  }
  await Promise.all(inFlight);
  return { latencies, unexpected };
}

async function run(c) {
  const before = { ticks: cpuTicks(), ...(await stats()) };
  server.send('reset-delay');
  const storm = c.during?.();
  const result = await autocannon({
    url: `${base}${c.path}`,
    method: c.method ?? 'GET',
    headers: c.headers,
    body: c.body,
    connections: c.connections ?? CONNECTIONS,
    duration: SECONDS,
    ...(c.rate ? { overallRate: c.rate } : {}),
    ...(c.perRequest
      ? {
          requests: [
            {
              setupRequest: (request) => ({
                ...request,
                headers: { ...request.headers, ...c.perRequest() },
                ...(c.perRequestBody ? { body: c.perRequestBody() } : {}),
              }),
            },
          ],
        }
      : {}),
  });
  const stormResult = await storm;
  const after = { ticks: cpuTicks(), ...(await stats()) };
  const total = result.requests.total;
  const expected = c.expect.reduce((sum, status) => sum + (result.statusCodeStats[status]?.count ?? 0), 0);
  const stormExpected = stormResult ? (stormResult.statusCodeStats[200]?.count ?? 0) : 0;
  return {
    rps: total / SECONDS,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    // The server's CPU for everything it did meanwhile (a storm included), per measured request.
    cpuMsPerRequest: ((after.ticks - before.ticks) * 1000) / CLOCK_TICKS / Math.max(1, total),
    queriesPer1000: ((after.queries - before.queries) * 1000) / Math.max(1, total + (stormResult?.requests.total ?? 0)),
    unexpected: total - expected + result.errors + (stormResult ? stormResult.requests.total - stormExpected + stormResult.errors : 0),
    eventLoopDelayP99Ms: after.delayP99Ms,
  };
}

function summarise(name, runs) {
  return {
    case: name,
    rps: median(runs.map((r) => r.rps)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    cpuMsPerRequest: median(runs.map((r) => r.cpuMsPerRequest)),
    queriesPer1000: median(runs.map((r) => r.queriesPer1000)),
    unexpected: runs.reduce((sum, r) => sum + r.unexpected, 0),
    eventLoopDelayP99Ms: median(runs.map((r) => r.eventLoopDelayP99Ms)),
  };
}

// --- the report ------------------------------------------------------------------------------

function report({ rows, ratios, fixedRate, rssBytes, bundle }) {
  const row = (name) => rows.find((r) => r.case === name);
  const targets = [
    ['jwt/public ≥ 0.9', ratios['jwt/public'] >= 0.9],
    ['api-key/public ≥ 0.9', ratios['api-key/public'] >= 0.9],
    ['me-jwt/health ≥ 0.75', ratios['me-jwt/health'] >= 0.75],
    ['mixed/public ≥ 0.7', ratios['mixed/public'] >= 0.7],
    ['jwt queries/1k ≤ 1 (warm, on /auth/me: user state and session alive)', row('me-jwt').queriesPer1000 <= 1],
    ['api-key queries/1k ≤ 1 (warm, on /auth/me)', row('me-api-key').queriesPer1000 <= 1],
    ['unknown-key flood queries/1k ≤ 1 (negative cache)', row('unknown-key-flood').queriesPer1000 <= 1],
    ['jwt p99 under a login storm ≤ 2× without', fixedRate.p99DuringLoginStormMs <= 2 * Math.max(1, fixedRate.p99Ms)],
    ['login p50 ≤ 60 ms', row('login').p50Ms <= 60],
    ['no unexpected errors', rows.every((r) => r.unexpected === 0) && fixedRate.unexpected === 0],
    ['SPA initial ≤ 100 kB gzip', bundle.gzipBytes <= 100 * 1024],
  ];
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, ${options.postgres ? 'PostgreSQL' : 'PGlite'}`;

  const lines = [
    `Lightbox benchmark — ${new Date().toISOString().slice(0, 10)} — ${machine}; ${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections, medians`,
    '',
    '| case | req/s | p50 ms | p99 ms | server CPU ms/req | DB queries/1k req | unexpected |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.case} | ${r.rps.toFixed(0)} | ${r.p50Ms.toFixed(1)} | ${r.p99Ms.toFixed(1)} | ${r.cpuMsPerRequest.toFixed(3)} | ${r.queriesPer1000.toFixed(1)} | ${r.unexpected} |`,
    ),
    '',
    `ratios: ${Object.entries(ratios).map(([name, value]) => `${name} ${value.toFixed(2)}`).join(', ')}`,
    `jwt at a fixed ${fixedRate.rate} req/s (open loop): p99 ${fixedRate.p99Ms.toFixed(1)} ms, with ${LOGIN_STORM_PER_SECOND} logins/s ${fixedRate.p99DuringLoginStormMs.toFixed(1)} ms; event-loop delay p99 ${fixedRate.eventLoopDelayP99Ms.toFixed(1)} ms, during the storm ${fixedRate.eventLoopDelayP99DuringLoginStormMs.toFixed(1)} ms`,
    `API RSS after the run: ${(rssBytes / 2 ** 20).toFixed(0)} MiB; SPA initial bundle: ${(bundle.rawBytes / 1024).toFixed(1)} kB raw, ${(bundle.gzipBytes / 1024).toFixed(1)} kB gzip`,
    '',
    ...targets.map(([name, met]) => `${met ? '✓' : '✗'} ${name}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  const results = { date: new Date().toISOString(), machine, rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, rows, ratios, fixedRate, rssBytes, spaInitialBundle: bundle, targets: Object.fromEntries(targets) };
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
}

/** The files index.html loads before anything else: scripts, module preloads, stylesheets. */
function spaInitialBundle() {
  const browser = join(ROOT, 'dist/apps/web/browser');
  const html = readFileSync(join(browser, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((match) => match[1]);
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of new Set(files)) {
    const content = readFileSync(join(browser, file));
    rawBytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { files: [...new Set(files)], rawBytes, gzipBytes };
}

// --- helpers ---------------------------------------------------------------------------------

async function seed() {
  const json = async (path, init) => {
    const response = await fetch(`${base}${path}`, init);
    if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const { access_token: token } = await json('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.1' },
    body: JSON.stringify(OWNER),
  });
  const authorization = `Bearer ${token}`;
  const { key } = await json('/api/v1/api-keys', {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', scopes: ['images:read'], rate_limit_per_minute: 100_000 }),
  });
  for (const user of LOGIN_USERS) {
    await json('/api/v1/users', {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ ...user, role: 'viewer' }),
    });
  }
  for (let i = 0; i < 30; i++) {
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: i * 8, g: 100, b: 200 } } }).png().toBuffer();
    const form = new FormData();
    form.append('title', `Bench ${i}`);
    form.append('tags', i % 2 ? 'odd, bench' : 'even, bench');
    form.append('visibility', i % 5 === 0 ? 'private' : 'public');
    form.append('file', new Blob([png]), `bench-${i}.png`);
    await json('/api/v1/images', { method: 'POST', headers: { authorization }, body: form });
  }
  return { token, key };
}

/** A well-formed key (its checksum is right) that was never issued: the lookup cannot be cached. */
function unknownKey() {
  let body = '';
  for (let i = 0; i < 32; i++) body += BASE62[randomInt(62)];
  let value = crc32(body);
  let checksum = '';
  for (let i = 0; i < 6; i++) {
    checksum = BASE62[value % 62] + checksum;
    value = Math.floor(value / 62);
  }
  return `lbx_${body}${checksum}`;
}

function clientAddress() {
  return { 'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` };
}

function cpuTicks() {
  const stat = readFileSync(`/proc/${server.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of the whole line)
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : Number.NaN;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function waitUntilReady() {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the API exited with ${server.exitCode}`);
    if (await fetch(`${base}/health/ready`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the API did not become ready within 60 s');
}

async function freshPostgresDatabase() {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `lightbox_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql) => {
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  return { url: own.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
