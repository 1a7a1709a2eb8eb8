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
  const child = spawn(process.execPath, [API_MAIN], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Runs the built API as `npm start` does, with its own settings, and waits until it is ready. */
export async function startApi(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const { child, output } = spawnApi({ HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: String(port) });
  const api: ApiProcess = {
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    output,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      return code as number | null;
    },
  };
  await waitUntilReady(api);
  return api;
}

async function waitUntilReady(api: ApiProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (api.child.exitCode !== null) throw new Error(`the API exited with ${api.child.exitCode}:\n${api.output()}`);
    try {
      if ((await fetch(`${api.baseUrl}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await api.stop();
  throw new Error(`the API was not ready within ${timeoutMs} ms:\n${api.output()}`);
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
