import {
  type AcceptInvitationRequest,
  ErrorCode,
  type InvitationPreview,
  RETRY_AFTER_HEADER,
  SIGNUPS_PER_ADDRESS_PER_HOUR,
  type SignupOptions,
  type SignupRequest,
} from '@lightbox/auth-contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { TOKEN_PREFIX_LENGTH } from '../access/checksummed-token';
import { AuditLog } from '../audit/audit-log';
import { AppConfig } from '../config/app-config';
import { AppError, NOT_FOUND_DETAIL } from '../http/app-error';
import type { RequestContext } from '../http/request-context';
import { InvitationsService } from '../invitations/invitations.service';
import { PasswordHasher } from '../users/password-hasher';
import { assertAcceptablePassword } from '../users/password-policy';
import { UsersRepository } from '../users/users.repository';
import { AuthService, type SessionTokens } from './auth.service';
import { LoginThrottle } from './login-throttle';

/** The @nestjs/throttler storage that counts sign-ups per address: Redis when configured, else memory. */
export const SIGNUP_RATES = Symbol('SIGNUP_RATES');

const HOUR_MS = 3_600_000;

/**
 * The ways in for people who are not users yet: an invitation, or open sign-up where the owner
 * allows it. Both are throttled like logins (a wrong token, or a taken username, counts as a
 * failed attempt per address), and end as a login does: signed in, with a refresh cookie.
 */
@Injectable()
export class JoinService {
  constructor(
    private readonly config: AppConfig,
    private readonly invitations: InvitationsService,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    @Inject(SIGNUP_RATES) private readonly signups: ThrottlerStorage,
    private readonly auth: AuthService,
    private readonly audit: AuditLog,
  ) {}

  /** Sign-up that is off does not exist: 404, as for any address with nothing there. */
  signupOptions(): SignupOptions {
    if (!this.config.signup) throw new AppError(ErrorCode.NotFound, NOT_FOUND_DETAIL);
    return { role: this.config.signup.role };
  }

  checkInvitation(token: string, context: RequestContext): Promise<InvitationPreview> {
    return this.throttled(invitationKey(token), context, () => this.invitations.preview(token));
  }

  async acceptInvitation(request: AcceptInvitationRequest, context: RequestContext): Promise<SessionTokens> {
    const user = await this.throttled(invitationKey(request.token), context, () => this.invitations.accept(request.token, request.username, request.password, context));
    return this.auth.startSession(user, context, ['pwd']);
  }

  async signup(request: SignupRequest, context: RequestContext): Promise<SessionTokens> {
    const { role } = this.signupOptions();
    const user = await this.throttled(`signup:${request.username}`, context, async () => {
      assertAcceptablePassword(request.password, request.username, 'password');
      await this.countSignup(context);
      const created = await this.users.insertIfAbsent({ username: request.username, role, passwordHash: await this.hasher.hash(request.password) });
      if (!created) throw new AppError(ErrorCode.Conflict, 'That username is taken.', { errors: [{ path: 'username', message: 'That username is taken: choose another.' }] });
      return created;
    });
    await this.audit.record(context, { action: 'user.signed_up', outcome: 'success', actor: user.username, target: user.username, details: { role } });
    return this.auth.startSession(user, context, ['pwd']);
  }

  /** Each try is counted before it is judged; only one that succeeds is forgiven, as for logins. */
  private async throttled<T>(key: string, context: RequestContext, attempt: () => Promise<T>): Promise<T> {
    const wait = await this.throttle.attempt(key, context.ip);
    if (wait > 0) throw tooMany(`Too many failed attempts. Try again in ${wait} s.`, wait);
    const result = await attempt();
    await this.throttle.succeeded(key, context.ip);
    return result;
  }

  /** At most SIGNUPS_PER_ADDRESS_PER_HOUR accounts tried per address and hour, whether the name was free or not. */
  private async countSignup(context: RequestContext): Promise<void> {
    const { isBlocked, timeToBlockExpire } = await this.signups.increment(`lightbox:signup:${context.ip ?? 'unknown'}`, HOUR_MS, SIGNUPS_PER_ADDRESS_PER_HOUR, HOUR_MS, 'signup');
    if (isBlocked) throw tooMany(`Too many new accounts from this address. Try again in ${Math.ceil(timeToBlockExpire / 60)} min.`, timeToBlockExpire);
  }
}

/** Guesses are counted per token prefix and per address: a wrong token never slows down another's invitation. */
function invitationKey(token: string): string {
  return `invitation:${token.slice(0, TOKEN_PREFIX_LENGTH)}`;
}

function tooMany(detail: string, retryAfterSeconds: number): AppError {
  return new AppError(ErrorCode.TooManyRequests, detail, { headers: { [RETRY_AFTER_HEADER]: String(retryAfterSeconds) } });
}
