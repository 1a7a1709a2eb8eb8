import {
  type AuthMethod,
  CHALLENGE_TTL_SECONDS,
  ErrorCode,
  type Me,
  type MfaLoginRequest,
  type MfaMethod,
  type PasskeyLoginRequest,
  type ReauthRequest,
  RETRY_AFTER_HEADER,
  type Session,
} from '@lightbox/auth-contracts';
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
import { ChallengesRepository } from '../second-factors/challenges.repository';
import type { RelyingParty } from '../second-factors/relying-party';
import { SecondFactorsService } from '../second-factors/second-factors.service';
import { SessionAuthenticationsRepository } from '../second-factors/session-authentications.repository';
import { combined } from '../second-factors/strength';
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
  /** The policy wants a second factor the person has not enrolled: the token holds no scopes. */
  enrolmentRequired: boolean;
}

/** A new access token for the session the caller is in (a step-up); the refresh token stays. */
export type ReauthTokens = Omit<SessionTokens, 'refreshToken' | 'refreshExpiresAt'>;

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
    private readonly factors: SecondFactorsService,
    private readonly challenges: ChallengesRepository,
    private readonly sessionAuthentications: SessionAuthenticationsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hasher.hash(randomBytes(32).toString('hex'));
  }

  /**
   * A password for a session; for a person with a second factor, 401 mfa_required with an
   * `mfa_token` instead: no token and no cookie until `completeMfa`.
   */
  async login(username: string, password: string, context: RequestContext, rp?: RelyingParty): Promise<SessionTokens> {
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
    const methods = await this.factors.methodsOf(user.id);
    if (methods.length > 0) throw await this.mfaRequired(current, methods, rp);
    const tokens = await this.startSession(current, context, ['pwd']);
    await this.audit.record(context, { action: 'login.succeeded', outcome: 'success', actor: user.username, details: { amr: ['pwd'] } });
    return tokens;
  }

  /** The second step of a login: the `mfa_token` stays good through a mistyped code, and is spent by the right one. */
  async completeMfa(request: MfaLoginRequest, context: RequestContext, rp?: RelyingParty): Promise<SessionTokens> {
    const now = new Date(this.clock.now());
    const pending = await this.challenges.find(request.mfa_token, 'mfa_login', now);
    const user = pending?.userId ? await this.users.findById(pending.userId) : undefined;
    if (!pending || !user?.active) throw mfaTokenRefused();
    const throttled = `mfa:${user.username}`;
    const wait = await this.throttle.attempt(throttled, context.ip);
    if (wait > 0) throw tooManyAttempts(wait);

    const method: MfaMethod = request.webauthn ? 'webauthn' : request.totp !== undefined ? 'totp' : 'recovery_code';
    const failed = async () => {
      await this.audit.record(context, { action: 'mfa.failed', outcome: 'failure', actor: user.username, details: { method } });
      return invalidMfa();
    };
    // A passkey's answer is to this token's own challenge; a code is judged now and spent once the token is.
    const spendCode = request.webauthn ? undefined : await this.factors.checkCode(user, request, context);
    const proved: AuthMethod[] | undefined = request.webauthn
      ? (await this.factors.verifyPasskey(rp, request.webauthn, pending.webauthnChallenge ?? '', { userId: user.id, requireUserVerification: false }, context))?.amr
      : spendCode && ['otp'];
    if (!proved) throw await failed();
    // Spent now; of two racing completions, one gets the session.
    if (!(await this.challenges.take(request.mfa_token, 'mfa_login', now))) throw mfaTokenRefused();
    if (spendCode && !(await spendCode())) throw await failed();
    await this.throttle.succeeded(throttled, context.ip);
    const amr = combined(['pwd'], proved);
    const tokens = await this.startSession(user, context, amr);
    await this.audit.record(context, { action: 'mfa.succeeded', outcome: 'success', actor: user.username, details: { method } });
    await this.audit.record(context, { action: 'login.succeeded', outcome: 'success', actor: user.username, details: { amr } });
    return tokens;
  }

  /** A sign-in with a discoverable passkey and user verification: no username, no password. */
  async loginWithPasskey(request: PasskeyLoginRequest, context: RequestContext, rp?: RelyingParty): Promise<SessionTokens> {
    const throttled = `passkey:${request.webauthn.id.slice(0, 64)}`;
    const wait = await this.throttle.attempt(throttled, context.ip);
    if (wait > 0) throw tooManyAttempts(wait);
    const challenge = await this.factors.takeAuthenticationChallenge(request.webauthn, null);
    const verified = challenge && (await this.factors.verifyPasskey(rp, request.webauthn, challenge, { requireUserVerification: true }, context));
    if (!verified) {
      await this.audit.record(context, { action: 'login.failed', outcome: 'failure', details: { method: 'webauthn' } });
      throw invalidMfa('This passkey was not accepted here: use your password.');
    }
    await this.throttle.succeeded(throttled, context.ip);
    const tokens = await this.startSession(verified.user, context, verified.amr);
    await this.audit.record(context, { action: 'login.succeeded', outcome: 'success', actor: verified.user.username, details: { amr: verified.amr } });
    return tokens;
  }

  /**
   * RFC 9470 step-up: proves again, in this session, who holds it. The session remembers when and
   * how, so that the tokens it refreshes carry it; the refresh token stays as it was.
   */
  async reauthenticate(principal: Principal, request: ReauthRequest, context: RequestContext, rp?: RelyingParty): Promise<ReauthTokens> {
    const user = await this.requireUser(principal);
    const sessionId = sessionOf(principal);
    if (!sessionId) throw new AppError(ErrorCode.InsufficientScope, 'Only a logged-in user can do this.');
    const throttled = request.password !== undefined ? user.username : `mfa:${user.username}`;
    const wait = await this.throttle.attempt(throttled, context.ip);
    if (wait > 0) throw tooManyAttempts(wait);

    const proved = await this.proofOf(user, sessionId, request, context, rp);
    if (!proved) {
      await this.audit.record(context, { action: 'step_up.failed', outcome: 'failure', actor: user.username, details: { method: methodOf(request) } });
      if (request.password !== undefined) throw wrongPassword('password', 'The password is not correct.');
      throw invalidMfa();
    }
    await this.throttle.succeeded(throttled, context.ip);
    const at = new Date(this.clock.now());
    await this.sessionAuthentications.mark(sessionId, at, proved);
    const enrolmentRequired = await this.factors.enrolmentRequired(user);
    const access = await this.accessTokens.issue(user, sessionId, { at, amr: proved, enrolmentRequired });
    await this.audit.record(context, { action: 'step_up.succeeded', outcome: 'success', actor: user.username, details: { amr: proved } });
    return { ...access, user, enrolmentRequired };
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

    const { session } = result;
    const enrolmentRequired = await this.factors.enrolmentRequired(user);
    const access = await this.accessTokens.issue(user, session.id, { at: session.authenticatedAt, amr: session.amr, enrolmentRequired });
    await this.audit.record(context, { action: 'token.refreshed', outcome: 'success', actor: user.username });
    return { ...access, user, refreshToken: next, refreshExpiresAt: session.expiresAt, enrolmentRequired };
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
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) throw wrongPassword('current_password', 'The current password is not correct.');
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

  /** A new session for a person just proved (or just made): the refresh token and an access token. */
  async startSession(user: UserRow, context: RequestContext, amr: readonly AuthMethod[]): Promise<SessionTokens> {
    const refreshToken = newRefreshToken();
    const at = new Date(this.clock.now());
    const refreshExpiresAt = new Date(at.getTime() + this.config.refreshTtlSeconds * 1000);
    const session = await this.sessions.create(
      { userId: user.id, expiresAt: refreshExpiresAt, userAgent: context.userAgent, ip: context.ip, authenticatedAt: at, amr: [...amr] },
      hashCredential(refreshToken),
    );
    const enrolmentRequired = await this.factors.enrolmentRequired(user);
    const access = await this.accessTokens.issue(user, session.id, { at, amr, enrolmentRequired });
    return { ...access, user, refreshToken, refreshExpiresAt, enrolmentRequired };
  }

  private async mfaRequired(user: UserRow, methods: MfaMethod[], rp: RelyingParty | undefined): Promise<AppError> {
    const mfaToken = randomBytes(32).toString('base64url');
    const webauthn = methods.includes('webauthn') ? await this.factors.loginChallengeFor(user.id, rp) : undefined;
    await this.challenges.create({
      purpose: 'mfa_login',
      secret: mfaToken,
      userId: user.id,
      webauthnChallenge: webauthn?.challenge,
      expiresAt: new Date(this.clock.now() + CHALLENGE_TTL_SECONDS * 1000),
    });
    return new AppError(ErrorCode.MfaRequired, 'The password is right; now confirm with your second factor.', {
      extensions: {
        mfa_token: mfaToken,
        // Passkeys need a relying party; without one (production, no WEBAUTHN_ORIGIN) they cannot be offered.
        mfa_methods: webauthn ? methods : methods.filter((method) => method !== 'webauthn'),
        ...(webauthn ? { webauthn_options: webauthn } : {}),
      },
    });
  }

  private async proofOf(user: UserRow, sessionId: string, request: ReauthRequest, context: RequestContext, rp: RelyingParty | undefined): Promise<AuthMethod[] | undefined> {
    if (request.password !== undefined) return (await this.hasher.verify(user.passwordHash, request.password)) ? ['pwd'] : undefined;
    if (!request.webauthn) return (await this.factors.verifyCode(user, request, context)) ? ['otp'] : undefined;
    const challenge = await this.factors.takeAuthenticationChallenge(request.webauthn, sessionId, user.id);
    if (!challenge) return undefined;
    return (await this.factors.verifyPasskey(rp, request.webauthn, challenge, { userId: user.id, requireUserVerification: false }, context))?.amr;
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

function methodOf(request: ReauthRequest): string {
  if (request.password !== undefined) return 'password';
  if (request.webauthn) return 'webauthn';
  return request.totp !== undefined ? 'totp' : 'recovery_code';
}

function wrongPassword(path: string, message: string): AppError {
  return new AppError(ErrorCode.ValidationFailed, 'Some fields are not valid.', { errors: [{ path, message }] });
}

/** The same words for a wrong code, a spent one and a passkey not accepted: nothing to tell them apart. */
function invalidMfa(detail = 'That code or passkey was not accepted.'): AppError {
  return new AppError(ErrorCode.InvalidMfa, detail);
}

function mfaTokenRefused(): AppError {
  return new AppError(ErrorCode.InvalidToken, 'This sign-in has expired or was completed already: log in again.');
}

function invalidRefreshToken(): AppError {
  return refreshRefused(ErrorCode.InvalidToken, 'The refresh token is not valid. Log in again.');
}
