// What the benchmark measures: instances of the production API build, and the peer (the seeds'
// own FastAPI design), each started as its own process and stopped at the end.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { cpuTicks } from './load.mjs';

/** The Debian packages the peer runs on; the benchmark installs nothing itself. */
const PEER_PACKAGES = 'python3-fastapi python3-uvicorn python3-jose python3-passlib';

/** The production builds of the API and the SPA, as `npm start` serves them. */
export function buildProduction(root) {
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api', 'web', '--outputStyle=static'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (build.status !== 0) throw new Error('the build failed');
}

/**
 * The API from dist/, with the probe preloaded (query counts, event-loop delay, RSS over IPC).
 * `env` adds to the settings every instance shares: the data dir, the secret, the owner.
 */
export async function startLightbox(root, env, { profile = false } = {}) {
  // --profile: a V8 CPU profile of the whole run in bench/profiles/, for Chrome DevTools or speedscope.
  const profiling = profile ? ['--cpu-prof', `--cpu-prof-dir=${join(root, 'bench/profiles')}`] : [];
  const child = spawn(process.execPath, [...profiling, '--require', join(root, 'tools/bench/probe.cjs'), join(root, 'dist/apps/api/main.js')], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      // The API reports the port the system gave it over the IPC channel (see main.ts).
      PORT: '0',
      // The load comes from "many clients": each login request names its own address.
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'info',
      ...env,
    },
    // Request logs are written (as in production) and thrown away.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  const died = () => exited.then(() => Promise.reject(new Error(`the API exited (${child.exitCode ?? child.signalCode})`)));
  const ask = (message) =>
    Promise.race([
      new Promise((resolve) => {
        child.once('message', resolve);
        child.send(message);
      }),
      died(),
    ]);
  const port = await Promise.race([new Promise((resolve) => child.once('message', ({ listening }) => resolve(listening))), died()]);
  const base = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${base}/health/ready`, () => child.exitCode !== null);
  return {
    base,
    /** The server's CPU ticks, queries and event-loop delay p99 since the last sample. */
    async sample() {
      const stats = await ask('stats');
      child.send('reset-delay');
      return { ...stats, ticks: cpuTicks(child.pid) };
    },
    rssBytes: async () => (await ask('stats')).rssBytes,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/**
 * The peer from `dir` (`run.sh` starts uvicorn), logged in as its owner; or the reason it cannot
 * run here, for the report.
 */
export async function startPeer(dir) {
  if (!existsSync(join(dir, 'run.sh'))) return { missing: `no peer at ${dir}` };
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import fastapi, uvicorn, jose, passlib'], { stdio: 'ignore' });
  } catch {
    return { missing: `the peer needs Debian's ${PEER_PACKAGES} (apt-get install -y ${PEER_PACKAGES})` };
  }
  const port = await freePort();
  const child = spawn('bash', [join(dir, 'run.sh')], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  const exited = once(child, 'exit');
  const base = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${base}/health`, () => child.exitCode !== null);
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'owner', password: 'Correct-Horse-Battery-9' }),
  });
  if (!login.ok) throw new Error(`the peer refused its owner's login: ${login.status}`);
  const { access_token: token } = await login.json();
  return {
    base,
    token,
    // uvicorn runs as one process; its CPU is measured as the API's is.
    sample: async () => ({ ticks: cpuTicks(child.pid), queries: 0, delayP99Ms: Number.NaN }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** A database of its own on DATABASE_URL's server (or the local one), dropped by `drop`. */
export async function freshPostgresDatabase() {
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

async function waitUntilReady(url, hasExited) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`the server for ${url} exited`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within 60 s`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
