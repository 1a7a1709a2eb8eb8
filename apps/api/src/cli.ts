import 'reflect-metadata';
import { ApiKeySchema, CreateApiKeyRequestSchema, ErrorCode, ROLE_SCOPES, RotateApiKeyRequestSchema } from '@lightbox/auth-contracts';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { UserPrincipal } from './access/principal';
import { ApiKeysService } from './api-keys/api-keys.service';
import { Clock } from './clock/clock';
import { CliModule } from './cli/cli.module';
import { parseDuration } from './cli/duration';
import { ConfigError, loadConfig } from './config/load-config';
import { openDatabase } from './database/open-database';
import { AppError } from './http/app-error';
import { renderOpenApiDocument } from './render-openapi';
import { sqlState } from './database/sql-state';
import { SecondFactorsService } from './second-factors/second-factors.service';
import { UsersRepository } from './users/users.repository';
import { OPERATOR, UsersService } from './users/users.service';

const USAGE = `Usage: npm run --silent cli -- <command>
  api-keys create --user <username> --name <name> --scopes <a,b> [--expires-in 90d] [--rate-limit <n>/min]
  api-keys list [--user <username>]
  api-keys revoke <id>
  api-keys rotate <id> [--grace 60s]
  users reset-password <username>     (new password from stdin, or generated and printed; second factors stay)
  users reset-mfa <username>          (removes every passkey, authenticator app and recovery code; ends their sessions)
  openapi                             (prints the OpenAPI document; needs no server or database)
Works on the server's database (same settings). With the embedded database, stop the server first.`;

/** The operator's way in: the API's services, rules and audit on its database (user agent `lightbox-cli`). */
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
  const context = { ip: null, userAgent: OPERATOR };
  try {
    const users = app.get(UsersRepository);
    /** The CLI acts as a person (the owner unless told otherwise), with no session. */
    const asUser = async (username: string | undefined): Promise<UserPrincipal> => {
      const user = username ? await users.findByUsername(username) : await users.findOwner();
      if (!user?.active) throw new UsageError(username ? `No active user "${username}".` : 'There is no owner account yet: start the server once.');
      return { kind: 'user', userId: user.id, username: user.username, scopes: ROLE_SCOPES[user.role] };
    };
    const keys = app.get(ApiKeysService);

    if (area === 'api-keys' && command === 'create') {
      const expiresIn = values['expires-in'] === undefined ? undefined : parseDuration(values['expires-in']);
      if (values['expires-in'] !== undefined && expiresIn === undefined) throw new UsageError('--expires-in takes 90d, 12h, 30m…');
      // The API's own request schema: the same scopes, names and limits as POST /api-keys.
      const scopes = (values.scopes ?? '').split(',').map((scope) => scope.trim()).filter(Boolean);
      const request = CreateApiKeyRequestSchema.safeParse({
        name: values.name,
        scopes,
        expires_at: expiresIn === undefined ? undefined : new Date(app.get(Clock).now() + expiresIn * 1000).toISOString(),
        rate_limit_per_minute: values['rate-limit'] === undefined ? undefined : Number(values['rate-limit'].replace(/\/min$/, '')),
      });
      if (!request.success) throw new UsageError(badArguments(request.error.issues, scopes));
      const created = await keys.create(await asUser(values.user), request.data, context);
      print(`${created.key}\n`, `id ${created.id}, prefix ${created.prefix}; the key is shown only now.`);
    } else if (area === 'api-keys' && command === 'list') {
      const holder = values.user ? await asUser(values.user) : undefined;
      for (const key of await keys.list(await asUser(undefined), holder?.userId)) {
        process.stdout.write(`${key.id}  ${key.prefix}  ${key.status.padEnd(7)}  ${key.scopes.join(',')}  ${key.name}\n`);
      }
    } else if (area === 'api-keys' && (command === 'revoke' || command === 'rotate') && target) {
      if (!ApiKeySchema.shape.id.safeParse(target).success) throw new UsageError(`"${target}" is not an API key id: give the id that \`api-keys list\` shows.`);
      const operator = await asUser(undefined);
      const row = await keys.get(operator, target).catch(unlessNotFound);
      if (!row) throw new UsageError(`No API key ${target}.`);
      const holder = await users.findById(row.user_id);
      const as = await asUser(holder?.username);
      if (command === 'revoke') {
        await keys.revoke(as, target, context);
        print('', `Revoked ${row.prefix}.`);
      } else {
        const grace = values.grace === undefined ? 0 : parseDuration(values.grace);
        if (grace === undefined) throw new UsageError('--grace takes 60s, 10m…');
        const request = RotateApiKeyRequestSchema.safeParse({ grace_seconds: grace });
        if (!request.success) throw new UsageError(`--grace: ${request.error.issues[0].message} (seconds; at most 7 days)`);
        const rotated = await keys.rotate(as, target, request.data.grace_seconds, context);
        print(`${rotated.key}\n`, `New key ${rotated.prefix}; ${row.prefix} works for ${grace} s more.`);
      }
    } else if (area === 'users' && command === 'reset-password' && target) {
      const typed = process.stdin.isTTY ? '' : (await readStdin()).replace(/\r?\n$/, '');
      const password = typed || randomBytes(18).toString('base64url');
      const user = await app.get(UsersService).resetPassword(target, password, context);
      print(typed ? '' : `${password}\n`, `Password of "${user.username}" reset; their sessions are ended.`);
    } else if (area === 'users' && command === 'reset-mfa' && target) {
      const user = await app.get(SecondFactorsService).reset(target, context);
      print('', `Second factors of "${user.username}" removed; their sessions are ended. They sign in with their password alone now.`);
    } else {
      throw new UsageError();
    }
  } finally {
    await app.close();
  }
}

/** The options each field of the API's request comes from, so that a refusal names what the operator typed. */
const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  name: '--name',
  scopes: '--scopes',
  expires_at: '--expires-in',
  rate_limit_per_minute: '--rate-limit',
};

function badArguments(issues: readonly { path: PropertyKey[]; message: string }[], scopes: readonly string[]): string {
  return issues
    .map(({ path, message }) => {
      const option = OPTION_OF_FIELD[String(path[0])] ?? String(path[0]);
      const given = path[0] === 'scopes' && typeof path[1] === 'number' ? ` ("${scopes[path[1]]}")` : '';
      return `${option}${given}: ${message}`;
    })
    .join('\n');
}

/** A missing thing is the operator's to hear about; anything else fails the command. */
function unlessNotFound(error: unknown): undefined {
  if (error instanceof AppError && error.code === ErrorCode.NotFound) return undefined;
  throw error;
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

/** Never the error's own message: a failed query's carries its SQL and parameters. */
function unexpected(error: unknown): string {
  const code = sqlState(error);
  return `The command failed${code ? ` (database error ${code})` : ''}.`;
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
          : error instanceof UsageError
            ? [error.message]
            : [unexpected(error)];
    process.stderr.write(`${lines.join('\n')}\n`);
    process.exit(error instanceof UsageError ? 64 : 1);
  },
);
