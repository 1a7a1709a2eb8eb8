import 'reflect-metadata';
import { isScope, ROLE_SCOPES, type Scope } from '@lightbox/auth-contracts';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ApiKeysRepository } from './api-keys/api-keys.repository';
import { ApiKeysService, toApiKey } from './api-keys/api-keys.service';
import type { Principal } from './auth/principal';
import { CliModule } from './cli/cli.module';
import { parseDuration } from './cli/duration';
import { ConfigError, loadConfig } from './config/load-config';
import { openDatabase } from './database/open-database';
import { AppError } from './http/app-error';
import { renderOpenApiDocument } from './openapi/render-openapi';
import { UserStateCache } from './auth/user-state.cache';
import { PasswordHasher } from './users/password-hasher';
import { assertAcceptablePassword } from './users/password-policy';
import { UsersRepository } from './users/users.repository';

const USAGE = `Usage: npm run --silent cli -- <command>
  api-keys create --user <username> --name <name> --scopes <a,b> [--expires-in 90d] [--rate-limit <n>/min]
  api-keys list [--user <username>]
  api-keys revoke <id>
  api-keys rotate <id> [--grace 60s]
  users reset-password <username>     (new password from stdin, or generated and printed)
  openapi                             (prints the OpenAPI document; needs no server or database)
Works on the server's database (same settings). With the embedded database, stop the server first.`;

/** The operator's way in: the API's services on its database, as the named user, audited as `cli`. */
async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      user: { type: 'string' },
      name: { type: 'string' },
      scopes: { type: 'string' },
      'expires-in': { type: 'string' },
      'rate-limit': { type: 'string' },
      grace: { type: 'string' },
    },
  });
  const [area, command, target] = positionals;
  if (area === 'openapi') {
    process.stdout.write(await renderOpenApiDocument());
    return;
  }
  if (!area || !command) throw new UsageError();

  const config = loadConfig({ LOG_LEVEL: 'silent', ...process.env });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, database), { logger: false });
  const context = { ip: null, userAgent: 'lightbox-cli' };
  try {
    const users = app.get(UsersRepository);
    const asUser = async (username: string | undefined): Promise<Principal> => {
      const user = username ? await users.findByUsername(username) : await users.findOwner();
      if (!user?.active) throw new UsageError(`No active user "${username}".`);
      return { kind: 'user', userId: user.id, scopes: ROLE_SCOPES[user.role] };
    };
    const keys = app.get(ApiKeysService);

    if (area === 'api-keys' && command === 'create') {
      const scopes = (values.scopes ?? '').split(',').map((scope) => scope.trim()).filter(Boolean);
      if (!values.name || scopes.length === 0 || !scopes.every(isScope)) throw new UsageError('Give --name and --scopes.');
      const expiresIn = values['expires-in'] === undefined ? undefined : parseDuration(values['expires-in']);
      if (values['expires-in'] !== undefined && expiresIn === undefined) throw new UsageError('--expires-in takes 90d, 12h, 30m…');
      const rateLimit = values['rate-limit'] === undefined ? undefined : Number.parseInt(values['rate-limit'], 10);
      const created = await keys.create(
        await asUser(values.user),
        {
          name: values.name,
          scopes: scopes as Scope[],
          expires_at: expiresIn === undefined ? undefined : new Date(Date.now() + expiresIn * 1000).toISOString(),
          rate_limit_per_minute: rateLimit,
        },
        context,
      );
      print(`${created.key}\n`, `id ${created.id}, prefix ${created.prefix}; the key is shown only now.`);
    } else if (area === 'api-keys' && command === 'list') {
      const owner = values.user ? await asUser(values.user) : undefined;
      for (const row of await app.get(ApiKeysRepository).list(owner?.userId)) {
        const key = toApiKey(row);
        process.stdout.write(`${key.id}  ${key.prefix}  ${key.status.padEnd(7)}  ${key.scopes.join(',')}  ${key.name}\n`);
      }
    } else if (area === 'api-keys' && (command === 'revoke' || command === 'rotate') && target) {
      const row = await app.get(ApiKeysRepository).findById(target);
      if (!row) throw new UsageError(`No API key ${target}.`);
      const owner = await users.findById(row.userId);
      const as = await asUser(owner?.username);
      if (command === 'revoke') {
        await keys.revoke(as, target, context);
        print('', `Revoked ${row.prefix}.`);
      } else {
        const grace = values.grace === undefined ? 0 : parseDuration(values.grace);
        if (grace === undefined) throw new UsageError('--grace takes 60s, 10m…');
        const rotated = await keys.rotate(as, target, grace, context);
        print(`${rotated.key}\n`, `New key ${rotated.prefix}; ${row.prefix} works for ${grace} s more.`);
      }
    } else if (area === 'users' && command === 'reset-password' && target) {
      const user = await users.findByUsername(target);
      if (!user) throw new UsageError(`No user "${target}".`);
      const typed = process.stdin.isTTY ? '' : (await readStdin()).replace(/\r?\n$/, '');
      const password = typed || randomBytes(18).toString('base64url');
      assertAcceptablePassword(password, user.username, 'password');
      await users.update(user.id, {
        passwordHash: await app.get(PasswordHasher).hash(password),
        revokeTokens: true,
        endSessions: { reason: 'password_reset' },
      });
      app.get(UserStateCache).invalidate(user.id);
      print(typed ? '' : `${password}\n`, `Password of "${user.username}" reset; their sessions are ended.`);
    } else {
      throw new UsageError();
    }
  } finally {
    await app.close();
  }
}

class UsageError extends Error {
  constructor(message = USAGE) {
    super(message);
  }
}

/** The secret alone on stdout (for pipes); everything for a person on stderr. */
function print(secret: string, message: string): void {
  process.stdout.write(secret);
  process.stderr.write(`${message}\n`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    const lines =
      error instanceof ConfigError
        ? error.problems.map((problem) => `Invalid setting ${problem}`)
        : error instanceof AppError
          ? [error.detail, ...(error.errors ?? []).map((e) => `  ${e.path}: ${e.message}`)]
          : [error instanceof Error ? error.message : String(error)];
    process.stderr.write(`${lines.join('\n')}\n`);
    process.exit(error instanceof UsageError ? 64 : 1);
  },
);
