import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadConfig, ConfigError } from './config/load-config';
import { createApp } from './create-app';
import { openDatabase } from './database/open-database';

/** Requests still running after this long are cut off so that a stuck one cannot block a deploy. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onPoolError: (error) => new Logger('Database').warn(`PostgreSQL connection lost: ${error.message}`),
  });
  const app = await createApp({ config, database, webRoot: join(__dirname, '..', 'web', 'browser') });
  await app.listen({ port: config.port, host: config.host });
  const { port } = app.getHttpServer().address() as AddressInfo;
  const logger = new Logger('Lightbox');
  logger.log(`Lightbox listening on http://localhost:${port} (${database.kind})`);
  announceListening(port);

  // On SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close the database, exit 0.
  const shutdown = (signal: NodeJS.Signals) => {
    logger.log(`${signal} received, shutting down`);
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

/**
 * A parent that spawned this process with an IPC channel (the test harness, the benchmark) starts
 * it with PORT=0 and learns here the port the system chose: a port picked by the parent and freed
 * before the child binds it can be taken by anyone in between.
 */
function announceListening(port: number): void {
  process.send?.({ listening: port });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) process.stderr.write(`Invalid setting ${problem}\n`);
  } else {
    process.stderr.write(`Lightbox could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
