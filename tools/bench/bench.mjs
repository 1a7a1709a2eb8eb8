// npm run bench [-- --quick] [--postgres [--redis]] [--no-build] [--profile]
// Starts the production build of the API (PGlite, or a fresh PostgreSQL database with --postgres;
// with --redis a second instance beside it, sharing Redis) with a seeded owner, key and images,
// and the seeds' FastAPI peer when Debian's packages for it are installed; drives them with
// autocannon from this process and prints one table; writes bench/results.json. Cases run
// interleaved, round after round, and report medians.
import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { crc32, gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { atRate, median, openLoop, percentile, run } from './load.mjs';
import { buildProduction, freshPostgresDatabase, startLightbox, startPeer } from './servers.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    postgres: { type: 'boolean' },
    redis: { type: 'boolean' },
    'no-build': { type: 'boolean' },
    profile: { type: 'boolean' },
  },
});
if (options.redis && !options.postgres) throw new Error('--redis needs --postgres: two instances cannot share the embedded database');
const ROUNDS = 5;
const SECONDS = options.quick ? 1 : 4;
const LOAD = { seconds: SECONDS, connections: 10 };
const LOGIN_STORM_PER_SECOND = 20;
/** People log in one at a time: a login's latency is measured at low concurrency. */
const LOGIN_CONNECTIONS = 2;
/** Sequential list reads per round, each after a write (cold) or not (warm). */
const COLD_READS = options.quick ? 20 : 60;
const INVALIDATIONS = options.quick ? 10 : 30;
const LIST = '/api/v1/images?limit=20';
const LOGIN_USERS = Array.from({ length: 20 }, (_, i) => ({ username: `bench-user-${i}`, password: `bench user password ${i}` }));
const OWNER = { username: 'owner', password: 'the benchmark owner password' };
const PEER_DIR = process.env.BENCH_PEER_DIR ?? join(ROOT, '../shared/peers/fastapi-seed');
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const log = (message) => process.stderr.write(`${message}\n`);

// --- the servers -----------------------------------------------------------------------------

if (!options['no-build']) {
  log('building the API and the SPA (production)…');
  buildProduction(ROOT);
}

const dataDir = mkdtempSync(join(tmpdir(), 'lightbox-bench-'));
const database = options.postgres ? await freshPostgresDatabase() : undefined;
const shared = {
  DATA_DIR: dataDir,
  JWT_SECRET: randomBytes(48).toString('base64url'),
  MFA_ENCRYPTION_KEY: randomBytes(48).toString('base64url'),
  OWNER_USERNAME: OWNER.username,
  OWNER_PASSWORD: OWNER.password,
  ...(database ? { DATABASE_URL: database.url } : {}),
  ...(options.redis ? { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } : {}),
};
const running = [];
const stop = async () => {
  await Promise.all(running.map((server) => server.stop()));
  rmSync(dataDir, { recursive: true, force: true });
  await database?.drop();
};
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void stop().finally(() => process.exit(130)));

try {
  const bundle = spaInitialBundle();
  const api = await startLightbox(ROOT, shared, { profile: options.profile });
  running.push(api);
  const second = options.redis ? await startLightbox(ROOT, shared) : undefined;
  if (second) running.push(second);
  const peer = await startPeer(PEER_DIR);
  if (peer.missing) log(`the peer is skipped: ${peer.missing}`);
  else running.push(peer);
  const seeded = await seed(api.base);
  const results = await measure(api, peer.missing ? undefined : peer, seeded);
  const invalidation = second ? await invalidationLatency(api, second, seeded) : undefined;
  report({ ...results, invalidation, peerMissing: peer.missing, bundle });
} finally {
  await stop();
}

// --- the cases -------------------------------------------------------------------------------

/**
 * Rejections are measured on a protected route (`/auth/me`): a public route ignores refused
 * credentials. So are the query counts of API keys, warm or unknown. The peer serves the list's
 * shape from SQLite: to visitors at its public path, to a JWT at the same path as Lightbox.
 */
function cases({ token, key, meKey }, peer) {
  const me = '/api/v1/auth/me';
  const bearer = { authorization: `Bearer ${token}` };
  const unknown = unknownKey();
  return [
    { name: 'health', path: '/health', expect: [200] },
    { name: 'me-jwt', path: me, headers: bearer, expect: [200] },
    { name: 'me-api-key', path: me, headers: { 'x-api-key': meKey }, expect: [200] },
    { name: 'public', path: LIST, expect: [200] },
    { name: 'jwt', path: LIST, headers: bearer, expect: [200] },
    { name: 'api-key', path: LIST, headers: { 'x-api-key': key }, expect: [200] },
    ...(peer
      ? [
          { name: 'peer-public', target: peer, path: '/api/v1/public/images?limit=20', expect: [200] },
          { name: 'peer-jwt', target: peer, path: LIST, headers: { authorization: `Bearer ${peer.token}` }, expect: [200] },
        ]
      : []),
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
    { name: 'mixed', path: LIST, expect: [200], during: (api) => atRate(loginRequests(), api.base, LOGIN_STORM_PER_SECOND, { seconds: SECONDS, connections: 4 }) },
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

async function measure(api, peer, seeded) {
  const all = cases(seeded, peer);
  const byCase = new Map(all.map((c) => [c.name, []]));
  const runCase = (c) => run({ ...c, during: c.during && (() => c.during(api)) }, c.target ?? api, LOAD);
  log(`warming up, then ${ROUNDS} interleaved rounds of ${all.length} cases, ${SECONDS} s each…`);
  for (const c of all.filter((c) => ['public', 'jwt', 'api-key', 'me-jwt', 'me-api-key', 'peer-public', 'peer-jwt'].includes(c.name))) await runCase(c);
  const cold = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const c of all) byCase.get(c.name).push(await runCase(c));
    cold.push(await coldAndWarmReads(api, seeded));
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
    ...(peer ? { 'public/peer-public': roundRatio('public', 'peer-public'), 'jwt/peer-jwt': roundRatio('jwt', 'peer-jwt') } : {}),
  };
  const reads = {
    coldP50Ms: median(cold.map((r) => r.coldP50Ms)),
    coldP99Ms: median(cold.map((r) => r.coldP99Ms)),
    warmP50Ms: median(cold.map((r) => r.warmP50Ms)),
    warmP99Ms: median(cold.map((r) => r.warmP99Ms)),
  };

  const publicRps = rows.find((row) => row.case === 'public').rps;
  // Half the capacity of the list, but no more than a real gallery's crowd would send.
  const rate = Math.max(1, Math.min(1000, Math.round(publicRps / 2)));
  const jwt = all.find((c) => c.name === 'jwt');
  const calm = [];
  const stormy = [];
  for (let round = 1; round <= ROUNDS; round++) {
    calm.push(await atFixedRate(api, jwt, rate, false));
    stormy.push(await atFixedRate(api, jwt, rate, true));
  }
  const fixedRate = {
    rate,
    p99Ms: median(calm.map((r) => r.p99Ms)),
    eventLoopDelayP99Ms: median(calm.map((r) => r.eventLoopDelayP99Ms)),
    p99DuringLoginStormMs: median(stormy.map((r) => r.p99Ms)),
    eventLoopDelayP99DuringLoginStormMs: median(stormy.map((r) => r.eventLoopDelayP99Ms)),
    unexpected: [...calm, ...stormy].reduce((sum, r) => sum + r.unexpected, 0),
  };
  return { rows, ratios, reads, fixedRate, rssBytes: await api.rssBytes() };
}

/**
 * A visitor's list read right after a write that changed it (the cache has just been emptied)
 * and one with nothing written before it, one at a time: the latency of the read alone.
 */
async function coldAndWarmReads(api, { token, imageId }) {
  const read = async () => {
    const started = performance.now();
    const response = await fetch(`${api.base}${LIST}`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`the list answered ${response.status}`);
    return performance.now() - started;
  };
  const cold = [];
  const warm = [];
  for (let i = 0; i < COLD_READS; i++) {
    await renameImage(api.base, token, imageId, `Bench cold ${i}`);
    cold.push(await read());
    warm.push(await read());
  }
  return { coldP50Ms: percentile(cold, 50), coldP99Ms: percentile(cold, 99), warmP50Ms: percentile(warm, 50), warmP99Ms: percentile(warm, 99) };
}

/**
 * From a write's 2xx on one instance to the first answer on the other that shows it: the other
 * has the list cached, and is asked again and again until its answer changes.
 */
async function invalidationLatency(writer, reader, { token, imageId }) {
  log(`${INVALIDATIONS} writes on one instance, each read back from the other…`);
  const latencies = [];
  for (let i = 0; i < INVALIDATIONS; i++) {
    const title = `Bench seen elsewhere ${i}`;
    const before = await fetch(`${reader.base}${LIST}`).then((r) => r.text());
    if (before.includes(title)) throw new Error('the title is already there');
    await renameImage(writer.base, token, imageId, title);
    const written = performance.now();
    while (!(await fetch(`${reader.base}${LIST}`).then((r) => r.text())).includes(title)) {
      if (performance.now() - written > 5_000) throw new Error('the other instance did not see the write within 5 s');
    }
    latencies.push(performance.now() - written);
  }
  return { count: latencies.length, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), maxMs: Math.max(...latencies) };
}

async function renameImage(base, token, id, title) {
  const response = await fetch(`${base}/api/v1/images/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (response.status !== 200) throw new Error(`the rename answered ${response.status}`);
}

/** The jwt list at a fixed rate (open loop); with `storm`, logins beside it the same way. */
async function atFixedRate(api, c, rate, storm) {
  await api.sample();
  const logins = loginRequests();
  const [measured, stormed] = await Promise.all([
    openLoop(rate, SECONDS, () => fetch(`${api.base}${c.path}`, { headers: c.headers })),
    storm
      ? openLoop(LOGIN_STORM_PER_SECOND, SECONDS, () =>
          fetch(`${api.base}${logins.path}`, { method: 'POST', headers: logins.perRequest(), body: logins.perRequestBody() }),
        )
      : { latencies: [], unexpected: 0 },
  ]);
  const { delayP99Ms } = await api.sample();
  return { p99Ms: percentile(measured.latencies, 99), eventLoopDelayP99Ms: delayP99Ms, unexpected: measured.unexpected + stormed.unexpected };
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

function report({ rows, ratios, reads, fixedRate, rssBytes, invalidation, peerMissing, bundle }) {
  const row = (name) => rows.find((r) => r.case === name);
  const peerTarget = options.postgres ? 5 : 4;
  const targets = [
    ...(peerMissing
      ? []
      : [
          [`public/peer-public ≥ ${peerTarget}`, ratios['public/peer-public'] >= peerTarget],
          [`jwt/peer-jwt ≥ ${peerTarget}`, ratios['jwt/peer-jwt'] >= peerTarget],
        ]),
    ['jwt/public ≥ 0.9', ratios['jwt/public'] >= 0.9],
    ['api-key/public ≥ 0.9', ratios['api-key/public'] >= 0.9],
    ['me-jwt/health ≥ 0.8', ratios['me-jwt/health'] >= 0.8],
    ['mixed/public ≥ 0.7', ratios['mixed/public'] >= 0.7],
    ['warm list queries/1k ≤ 1 (public, jwt, api-key)', ['public', 'jwt', 'api-key'].every((name) => row(name).queriesPer1000 <= 1)],
    ['jwt queries/1k ≤ 1 (warm, on /auth/me: user state and session alive)', row('me-jwt').queriesPer1000 <= 1],
    ['api-key queries/1k ≤ 1 (warm, on /auth/me)', row('me-api-key').queriesPer1000 <= 1],
    ['unknown-key flood queries/1k ≤ 1 (negative cache)', row('unknown-key-flood').queriesPer1000 <= 1],
    ['jwt p99 under a login storm ≤ 2× without', fixedRate.p99DuringLoginStormMs <= 2 * Math.max(1, fixedRate.p99Ms)],
    ['login p50 ≤ 60 ms', row('login').p50Ms <= 60],
    ...(invalidation ? [['another instance sees a write within 1 s (max)', invalidation.maxMs < 1000]] : []),
    ['no unexpected errors', rows.every((r) => r.unexpected === 0) && fixedRate.unexpected === 0],
    ['SPA initial ≤ 100 kB gzip', bundle.gzipBytes <= 100 * 1024],
  ];
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, ${options.postgres ? 'PostgreSQL' : 'PGlite'}${options.redis ? ' + Redis' : ''}`;

  const lines = [
    `Lightbox benchmark — ${new Date().toISOString().slice(0, 10)} — ${machine}; ${ROUNDS} rounds × ${SECONDS} s, ${LOAD.connections} connections, medians`,
    '',
    '| case | req/s | p50 ms | p99 ms | server CPU ms/req | DB queries/1k req | unexpected |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.case} | ${r.rps.toFixed(0)} | ${r.p50Ms.toFixed(1)} | ${r.p99Ms.toFixed(1)} | ${r.cpuMsPerRequest.toFixed(3)} | ${r.queriesPer1000.toFixed(1)} | ${r.unexpected} |`,
    ),
    '',
    `ratios: ${Object.entries(ratios).map(([name, value]) => `${name} ${value.toFixed(2)}`).join(', ')}`,
    peerMissing ? `peer: skipped (${peerMissing})` : `peer: ${PEER_DIR} (FastAPI + SQLite, one uvicorn worker)`,
    `a visitor's list, one read at a time: right after a write ${reads.coldP50Ms.toFixed(2)} ms p50 (${reads.coldP99Ms.toFixed(2)} p99), warm ${reads.warmP50Ms.toFixed(2)} ms p50 (${reads.warmP99Ms.toFixed(2)} p99)`,
    ...(invalidation
      ? [`a write on one instance seen on the other after ${invalidation.p50Ms.toFixed(1)} ms p50, ${invalidation.p99Ms.toFixed(1)} ms p99, ${invalidation.maxMs.toFixed(1)} ms max (${invalidation.count} writes)`]
      : []),
    `jwt at a fixed ${fixedRate.rate} req/s (open loop): p99 ${fixedRate.p99Ms.toFixed(1)} ms, with ${LOGIN_STORM_PER_SECOND} logins/s ${fixedRate.p99DuringLoginStormMs.toFixed(1)} ms; event-loop delay p99 ${fixedRate.eventLoopDelayP99Ms.toFixed(1)} ms, during the storm ${fixedRate.eventLoopDelayP99DuringLoginStormMs.toFixed(1)} ms`,
    `API RSS after the run: ${(rssBytes / 2 ** 20).toFixed(0)} MiB; SPA initial bundle: ${(bundle.rawBytes / 1024).toFixed(1)} kB raw, ${(bundle.gzipBytes / 1024).toFixed(1)} kB gzip`,
    '',
    ...targets.map(([name, met]) => `${met ? '✓' : '✗'} ${name}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  const results = {
    date: new Date().toISOString(),
    machine,
    rounds: ROUNDS,
    seconds: SECONDS,
    connections: LOAD.connections,
    peer: peerMissing ? { skipped: peerMissing } : { dir: PEER_DIR },
    rows,
    ratios,
    reads,
    invalidation,
    fixedRate,
    rssBytes,
    spaInitialBundle: bundle,
    targets: Object.fromEntries(targets),
  };
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

/** The owner's token and two read keys, 20 users, and 30 images (every fifth private). */
async function seed(base) {
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
  // One key per case that uses one: at the highest rate limit a key may have (100 000 a minute),
  // two cases sharing a key on a fast machine would meet it and measure 429s.
  const readKey = async (name) =>
    (
      await json('/api/v1/api-keys', {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ name, scopes: ['images:read'], rate_limit_per_minute: 100_000 }),
      })
    ).key;
  const key = await readKey('bench list');
  const meKey = await readKey('bench me');
  for (const user of LOGIN_USERS) {
    await json('/api/v1/users', {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ ...user, role: 'viewer' }),
    });
  }
  let imageId;
  for (let i = 0; i < 30; i++) {
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: i * 8, g: 100, b: 200 } } }).png().toBuffer();
    const form = new FormData();
    form.append('title', `Bench ${i}`);
    form.append('tags', i % 2 ? 'odd, bench' : 'even, bench');
    form.append('visibility', i % 5 === 0 ? 'private' : 'public');
    form.append('file', new Blob([png]), `bench-${i}.png`);
    // The newest image, public: on the first page of every view, and renamed by the cold cases.
    imageId = (await json('/api/v1/images', { method: 'POST', headers: { authorization }, body: form })).id;
  }
  return { token, key, meKey, imageId };
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
