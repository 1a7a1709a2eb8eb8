import { ErrorCode, Me, RETRY_AFTER_HEADER, Session } from '@lightbox/auth-contracts';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuditLog } from '../audit/audit-log';
import { AppConfig } from '../config/app-config';
import type { UserRow } from '../database/schema';
import { AppError } from '../http/app-error';
import type { RequestContext } from '../http/request-context';
import { PasswordHasher } from '../users/password-hasher';
import { assertAcceptablePassword } from '../users/password-policy';
import { UsersRepository } from '../users/users.repository';
import { AccessTokenService, IssuedAccessToken } from './access-token.service';
import { refreshRefused } from '../access/access-errors';
import { LoginThrottle } from './login-throttle';
import type { Principal } from '../access/principal';
import { Clock } from '../clock/clock';
import { hashCredential } from '../access/credential-hash';
import { newRefreshToken } from './refresh-token';
import { RefreshSessionsRepository } from './refresh-sessions.repository';
import { toSession } from './session-view';
import { SessionStateCache } from './session-state.cache';
import { UserStateCache } from '../users/user-state.cache';

export interface SessionTokens extends IssuedAccessToken {
  user: UserRow;
  refreshToken: string;
  /** When the refresh session ends, whatever rotations happen before. */
  refreshExpiresAt: Date;
}

const INVALID_CREDENTIALS = 'The username or password is not correct.';

@Injectable()
export class AuthService implements OnModuleInit {
  /** Verified for unknown usernames, so that they cost what a wrong password costs. */
  private dummyHash = '';

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: RefreshSessionsRepository,
    private readonly sessionStates: SessionStateCache,
    private readonly accessTokens: AccessTokenService,
    private readonly userStates: UserStateCache,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hasher.hash(randomBytes(32).toString('hex'));
  }

  async login(username: string, password: string, context: RequestContext): Promise<SessionTokens> {
    const wait = await this.throttle.attempt(username, context.ip);
    if (wait > 0) throw tooManyAttempts(wait);

    const user = await this.users.findByUsername(username);
    const matches = await this.hasher.verify(user?.passwordHash ?? this.dummyHash, password);
    if (!user || !matches || !user.active) {
      await this.audit.record(context, {
        action: 'login.failed',
        outcome: 'failure',
        target: username.slice(0, 64),
      });
      throw new AppError(ErrorCode.InvalidCredentials, INVALID_CREDENTIALS);
    }

    await this.throttle.succeeded(username, context.ip);
    const current = this.hasher.needsRehash(user.passwordHash)
      ? ((await this.users.update(user.id, { passwordHash: await this.hasher.hash(password) })) ?? user)
      : user;
    const tokens = await this.startSession(current, context);
    await this.audit.record(context, { action: 'login.succeeded', outcome: 'success', actor: user.username });
    return tokens;
  }

  async refresh(refreshToken: string, context: RequestContext): Promise<SessionTokens> {
    const next = newRefreshToken();
    const result = await this.sessions.rotate(hashCredential(refreshToken), hashCredential(next));
    if (result.outcome === 'invalid') throw invalidRefreshToken();

    if (result.outcome === 'reused') {
      this.sessionStates.invalidate(result.session.id);
      const user = await this.users.findById(result.session.userId);
      await this.audit.record(context, {
        action: 'refresh.reuse_detected',
        outcome: 'failure',
        actor: user?.username,
        target: `session:${result.session.id}`,
      });
      throw refreshRefused(ErrorCode.RefreshTokenReused, 'This refresh token was already used; the session has been ended.');
    }
    const { user } = result;
    if (!user.active) {
      await this.endSession(result.session.userId, result.session.id, 'inactive');
      throw invalidRefreshToken();
    }

    const access = await this.accessTokens.issue(user, result.session.id);
    await this.audit.record(context, { action: 'token.refreshed', outcome: 'success', actor: user.username });
    return { ...access, user, refreshToken: next, refreshExpiresAt: result.session.expiresAt };
  }

  /** Ends the session the refresh token (or else the access token) belongs to; idempotent. */
  async logout(refreshToken: string | undefined, principal: Principal | undefined, context: RequestContext): Promise<void> {
    const session = refreshToken ? await this.sessions.findLiveByToken(hashCredential(refreshToken)) : undefined;
    const userId = session?.userId ?? (principal?.kind === 'user' ? principal.userId : undefined);
    const sessionId = session?.id ?? sessionOf(principal);
    if (!userId || !sessionId) return;
    if (await this.endSession(userId, sessionId, 'logout')) {
      await this.audit.record(context, { action: 'logout', outcome: 'success', actor: (await this.userStates.get(userId))?.username ?? userId });
    }
  }

  async me(principal: Principal): Promise<Me> {
    if (principal.kind === 'api_key') {
      const { id, name, prefix } = principal.apiKey;
      return { kind: 'api_key', id, name, prefix, scopes: [...principal.scopes] };
    }
    const state = await this.userStates.get(principal.userId);
    if (!state) throw new AppError(ErrorCode.InvalidToken, 'The user no longer exists.');
    return { kind: 'user', id: principal.userId, username: state.username, role: state.role, scopes: [...principal.scopes] };
  }

  /** Kills every other session and every access token (the caller refreshes through its own session). */
  async changePassword(principal: Principal, currentPassword: string, newPassword: string, context: RequestContext): Promise<void> {
    const user = await this.requireUser(principal);
    const wait = await this.throttle.attempt(user.username, context.ip);
    if (wait > 0) throw tooManyAttempts(wait);
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      throw new AppError(ErrorCode.ValidationFailed, 'Some fields are not valid.', {
        errors: [{ path: 'current_password', message: 'The current password is not correct.' }],
      });
    }
    await this.throttle.succeeded(user.username, context.ip);
    assertAcceptablePassword(newPassword, user.username, 'new_password');

    await this.users.update(user.id, {
      passwordHash: await this.hasher.hash(newPassword),
      revokeTokens: true,
      endSessions: { reason: 'password_changed', except: sessionOf(principal) },
    });
    this.userStates.invalidate(user.id);
    await this.audit.record(context, { action: 'password.changed', outcome: 'success', actor: user.username });
  }

  async listSessions(principal: Principal): Promise<Session[]> {
    const user = await this.requireUser(principal);
    const rows = await this.sessions.listLive(user.id);
    return rows.map((row) => toSession(row, sessionOf(principal)));
  }

  async revokeSession(principal: Principal, sessionId: string, context: RequestContext): Promise<void> {
    const user = await this.requireUser(principal);
    if (!(await this.endSession(user.id, sessionId, 'revoked'))) {
      throw new AppError(ErrorCode.NotFound, 'There is no such active session.');
    }
    await this.audit.record(context, {
      action: 'session.revoked',
      outcome: 'success',
      actor: user.username,
      target: `session:${sessionId}`,
    });
  }

  /** "Log out everywhere": every session and every access token of the user, this one included. */
  async revokeAllSessions(principal: Principal, context: RequestContext): Promise<void> {
    const user = await this.requireUser(principal);
    await this.users.update(user.id, { revokeTokens: true, endSessions: { reason: 'logout_everywhere' } });
    this.userStates.invalidate(user.id);
    await this.audit.record(context, { action: 'session.revoked', outcome: 'success', actor: user.username, target: 'all' });
  }

  /** Ends one session and, on every instance, the access tokens issued for it. */
  private async endSession(userId: string, sessionId: string, reason: string): Promise<boolean> {
    const ended = await this.sessions.revoke(userId, sessionId, reason);
    if (ended) this.sessionStates.invalidate(sessionId);
    return ended;
  }

  private async startSession(user: UserRow, context: RequestContext): Promise<SessionTokens> {
    const refreshToken = newRefreshToken();
    const refreshExpiresAt = new Date(this.clock.now() + this.config.refreshTtlSeconds * 1000);
    const session = await this.sessions.create(
      { userId: user.id, expiresAt: refreshExpiresAt, userAgent: context.userAgent, ip: context.ip },
      hashCredential(refreshToken),
    );
    const access = await this.accessTokens.issue(user, session.id);
    return { ...access, user, refreshToken, refreshExpiresAt };
  }

  /** Sessions and passwords belong to people: an API key cannot use these endpoints. */
  private async requireUser(principal: Principal): Promise<UserRow> {
    const user = principal.kind === 'user' ? await this.users.findById(principal.userId) : undefined;
    if (!user) throw new AppError(ErrorCode.InsufficientScope, 'Only a logged-in user can do this.');
    return user;
  }
}

/** The session a person's access token was issued for; none for a key or the CLI. */
function sessionOf(principal: Principal | undefined): string | undefined {
  return principal?.kind === 'user' ? principal.sessionId : undefined;
}

function tooManyAttempts(retryAfterSeconds: number): AppError {
  return new AppError(ErrorCode.TooManyRequests, `Too many failed attempts. Try again in ${retryAfterSeconds} s.`, {
    headers: { [RETRY_AFTER_HEADER]: String(retryAfterSeconds) },
  });
}

function invalidRefreshToken(): AppError {
  return refreshRefused(ErrorCode.InvalidToken, 'The refresh token is not valid. Log in again.');
}
