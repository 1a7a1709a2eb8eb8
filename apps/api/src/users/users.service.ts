import { CreateUserRequest, ErrorCode, type ManagedUser, UpdateUserRequest, User } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log';
import { auditActor, type Principal } from '../access/principal';
import { UserStateCache } from './user-state.cache';
import type { UserRow } from '../database/schema';
import { AppError } from '../http/app-error';
import type { RequestContext } from '../http/request-context';
import { PasswordHasher } from './password-hasher';
import { assertAcceptablePassword } from './password-policy';
import { UserDepartures } from './user-departures';
import { toManagedUser, toUser } from './user-view';
import { UserChanges, UsersRepository } from './users.repository';

/** How the audit log names the operator CLI (DESIGN.md §8). */
export const OPERATOR = 'lightbox-cli';

/** The users admin (DESIGN.md §4.4). The owner cannot be demoted, deactivated or deleted. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly departures: UserDepartures,
    private readonly hasher: PasswordHasher,
    private readonly userStates: UserStateCache,
    private readonly audit: AuditLog,
  ) {}

  async list(): Promise<ManagedUser[]> {
    return (await this.users.list()).map(toManagedUser);
  }

  async get(id: string): Promise<ManagedUser> {
    const [user] = await this.users.list(id);
    if (!user) throw new AppError(ErrorCode.NotFound, 'There is no such user.');
    return toManagedUser(user);
  }

  async create(request: CreateUserRequest, actor: Principal, context: RequestContext): Promise<User> {
    assertAcceptablePassword(request.password, request.username, 'password');
    const created = await this.users.insertIfAbsent({
      username: request.username,
      role: request.role,
      passwordHash: await this.hasher.hash(request.password),
    });
    if (!created) {
      throw new AppError(ErrorCode.Conflict, 'That username is taken.', {
        errors: [{ path: 'username', message: 'That username is taken.' }],
      });
    }
    await this.audit.record(context, {
      action: 'user.created',
      outcome: 'success',
      actor: auditActor(actor),
      target: created.username,
      details: { role: created.role },
    });
    return toUser(created);
  }

  async update(id: string, request: UpdateUserRequest, actor: Principal, context: RequestContext): Promise<User> {
    const user = await this.find(id);
    if (user.role === 'owner' && (request.role !== undefined || request.active === false)) {
      throw ownerProtected('The owner cannot be demoted or deactivated.');
    }
    // Otherwise an admin could reset the owner's password and log in as the owner.
    if (user.role === 'owner' && request.password !== undefined && actor.userId !== user.id) {
      throw ownerProtected("Only the owner can change the owner's password.");
    }
    // A stolen access token must not be enough to lock its holder out: that needs the current password.
    if (request.password !== undefined && actor.userId === user.id) {
      throw new AppError(ErrorCode.ValidationFailed, 'Some fields are not valid.', {
        errors: [{ path: 'password', message: 'Change your own password with POST /api/v1/auth/password: it asks for the current one.' }],
      });
    }
    return this.apply(user, request, auditActor(actor), context);
  }

  /** The operator's way back in (the CLI): any user's password, the owner's included, under the same rules and audit. */
  async resetPassword(username: string, password: string, context: RequestContext): Promise<User> {
    const user = await this.users.findByUsername(username);
    if (!user) throw new AppError(ErrorCode.NotFound, 'There is no such user.');
    return this.apply(user, { password }, OPERATOR, context);
  }

  private async apply(user: UserRow, request: UpdateUserRequest, actor: string, context: RequestContext): Promise<User> {
    if (request.password !== undefined) assertAcceptablePassword(request.password, user.username, 'password');
    const passwordHash = request.password === undefined ? undefined : await this.hasher.hash(request.password);
    const endsSessions = request.active === false || passwordHash !== undefined;
    const changes: UserChanges = {
      role: request.role,
      active: request.active,
      passwordHash,
      // Any change to who the user is or what they may do ends the access tokens issued before it.
      revokeTokens: endsSessions || (request.role !== undefined && request.role !== user.role),
      endSessions: endsSessions ? { reason: request.active === false ? 'deactivated' : 'password_reset' } : undefined,
    };
    const updated = (await this.users.update(user.id, changes)) ?? user;
    // Every instance forgets the old state, a reactivation included (else it refuses for the cache's lifetime).
    this.userStates.invalidate(user.id);
    if (request.active === false) await this.departures.depart(user.id);

    await this.audit.record(context, {
      action: request.active === false && user.active ? 'user.deactivated' : 'user.changed',
      outcome: 'success',
      actor,
      target: user.username,
      details: { role: request.role, active: request.active, password_reset: request.password !== undefined },
    });
    return toUser(updated);
  }

  async delete(id: string, actor: Principal, context: RequestContext): Promise<void> {
    const user = await this.find(id);
    if (user.role === 'owner') throw ownerProtected('The owner cannot be deleted.');
    if (await this.users.ownsImages(id)) throw ownsImages();
    await this.departures.depart(id);
    if (!(await this.users.delete(id))) throw ownsImages();
    this.userStates.invalidate(id);
    await this.audit.record(context, {
      action: 'user.deactivated',
      outcome: 'success',
      actor: auditActor(actor),
      target: user.username,
      details: { deleted: true },
    });
  }

  private async find(id: string): Promise<UserRow> {
    const user = await this.users.findById(id);
    if (!user) throw new AppError(ErrorCode.NotFound, 'There is no such user.');
    return user;
  }
}

function ownsImages(): AppError {
  return new AppError(ErrorCode.Conflict, 'This user still owns images: delete them first, or deactivate the user instead.');
}

function ownerProtected(detail: string): AppError {
  return new AppError(ErrorCode.Conflict, detail);
}
