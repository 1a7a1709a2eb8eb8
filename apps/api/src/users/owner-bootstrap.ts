import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';

/**
 * Creates the owner on the first start, idempotently (two instances may start at once: the
 * database's unique indexes decide). An existing owner is never changed by settings, so a
 * stale OWNER_PASSWORD in a later deployment cannot silently reset the password.
 */
@Injectable()
export class OwnerBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(OwnerBootstrap.name);

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.users.findOwner()) return;

    const { username, password, passwordHash } = this.config.owner;
    const generated = password || passwordHash ? undefined : randomBytes(18).toString('base64url');
    const created = await this.users.insertIfAbsent({
      username,
      passwordHash: passwordHash ?? (await this.hasher.hash(password ?? (generated as string))),
      role: 'owner',
    });
    if (!created) return;

    this.logger.log(`Created the owner account "${created.username}"`);
    if (generated) {
      // Straight to the console (stderr, so that a CLI's stdout stays clean for pipes), once, and
      // never through the logger: log lines get shipped and kept.
      process.stderr.write(
        `\n  Lightbox owner account created.\n  username: ${created.username}\n  password: ${generated}\n` +
          `  This password is shown only now. Set OWNER_PASSWORD to choose your own.\n\n`,
      );
    }
  }
}
