/** Starts the production build of the API as a real process: used by api-e2e, web-e2e and the benchmark. */
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const API_MAIN = join(__dirname, '../../../dist/apps/api/main.js');
export const API_CLI = join(__dirname, '../../../dist/apps/api/cli.js');

export interface ApiProcess {
  baseUrl: string;
  /**
   * The same server by name, `http://localhost:PORT`: WebAuthn refuses an IP address as the
   * relying party, so a browser that makes or uses passkeys opens the app here.
   */
  localhostUrl: string;
  child: ChildProcess;
  /** Everything the process printed so far, stdout and stderr together. */
  output(): string;
  /** SIGTERM, then the exit code once the process is gone. */
  stop(): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

function spawnApi(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: build the api first (nx build api)`);
  // The IPC channel is how the API tells which port it bound (see announceListening in main.ts).
  const child = spawn(process.execPath, [API_MAIN], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/**
 * A cold start (node loading the bundle, PGlite's WebAssembly, the migrations) takes 2–4 s on an
 * idle two-core machine and several times that beside other builds; a wait is a budget, not a pace.
 */
const START_BUDGET_MS = 60_000;

/**
 * Runs the built API as `npm start` does, with its own settings, and waits until it is ready.
 * It listens on a port the system chooses (PORT=0): a port chosen here and freed before the API
 * binds it can meanwhile go to another server, such as one of supertest's, whose answers would
 * then pass for this API's.
 */
export async function startApi(env: Record<string, string>, timeoutMs = START_BUDGET_MS): Promise<ApiProcess> {
  const { child, output } = spawnApi({ HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: '0' });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    return code as number | null;
  };
  const deadline = Date.now() + timeoutMs;
  try {
    const port = await listeningPort(child, timeoutMs);
    const api: ApiProcess = { baseUrl: `http://127.0.0.1:${port}`, localhostUrl: `http://localhost:${port}`, child, output, stop };
    await waitUntilReady(api, deadline);
    return api;
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}:\n${output()}`);
  }
}

function listeningPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => settle(() => reject(new Error(`the API was not listening within ${timeoutMs} ms`))), timeoutMs);
    const onMessage = (message: unknown) => {
      const port = (message as { listening?: unknown } | null)?.listening;
      if (typeof port === 'number') settle(() => resolve(port));
    };
    const onExit = (code: number | null, signal: string | null) =>
      settle(() => reject(new Error(`the API exited with ${code ?? signal} before it listened`)));
    const settle = (finish: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage).off('exit', onExit);
      finish();
    };
    child.on('message', onMessage).on('exit', onExit);
  });
}

/** Listening is not ready: the database may still be migrating behind /health/ready. */
async function waitUntilReady(api: ApiProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (api.child.exitCode !== null) throw new Error(`the API exited with ${api.child.exitCode}`);
    const ready = await fetch(`${api.baseUrl}/health/ready`).then((res) => res.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the API was not ready in time');
}

/** Runs the operator CLI to completion; stdout and stderr apart, as a pipe would see them. */
export async function runCli(args: string[], env: Record<string, string>, input?: string) {
  const child = spawn(process.execPath, [API_CLI, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input ?? '');
  const [code] = await once(child, 'exit');
  return { code: code as number | null, stdout, stderr };
}

/** Runs the built API expecting it to refuse to start; resolves with its exit code and output. */
export async function runApiToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { child, output } = spawnApi(env);
  const [code] = await once(child, 'exit');
  return { code: code as number | null, output: output() };
}
