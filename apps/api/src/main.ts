import 'reflect-metadata';
import { Logger } from '@nestjs/common';
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
  const logger = new Logger('Lightbox');
  logger.log(`Lightbox listening on http://localhost:${config.port} (${database.kind})`);

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

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) process.stderr.write(`Invalid setting ${problem}\n`);
  } else {
    process.stderr.write(`Lightbox could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
