import {
  CreatedInvitation,
  CreateInvitationRequest,
  ErrorCode,
  INVITATION_DEFAULT_TTL_SECONDS,
  InvitationListQuery,
  InvitationPage,
  InvitationPreview,
  InvitationStatus,
  JOIN_PAGE_PATH,
  rolesGrantableBy,
} from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { TOKEN_PREFIX_LENGTH } from '../access/checksummed-token';
import { hashCredential } from '../access/credential-hash';
import { auditActor, type Principal } from '../access/principal';
import { AuditLog } from '../audit/audit-log';
import { Clock } from '../clock/clock';
import type { UserRow } from '../database/schema';
import { AppError } from '../http/app-error';
import { decodeCursor, TimeCursorSchema, timeCursorOf } from '../http/cursor';
import type { RequestContext } from '../http/request-context';
import { PasswordHasher } from '../users/password-hasher';
import { assertAcceptablePassword } from '../users/password-policy';
import { UserStateCache } from '../users/user-state.cache';
import { INVITATION_TOKEN } from './invitation-token';
import { statusOf, toInvitation } from './invitation-view';
import { InvitationDetails, InvitationsRepository } from './invitations.repository';

type Refusal = 'invalid' | Exclude<InvitationStatus, 'pending'>;

const REFUSALS: Readonly<Record<Refusal, [ErrorCode, string]>> = {
  invalid: [ErrorCode.InvalidInvitation, 'This invitation link is not valid: check that it was copied whole.'],
  used: [ErrorCode.InvitationUsed, 'This invitation has been used already: log in instead, or ask for a new one.'],
  expired: [ErrorCode.InvitationExpired, 'This invitation has expired: ask for a new one.'],
  revoked: [ErrorCode.InvitationRevoked, 'This invitation has been withdrawn.'],
};

/**
 * Invitations: made by those who manage users, for a role no higher than their own; listed with
 * where each stands; revoked. A person joins with one once: the account and the spending happen
 * in one transaction. Signing the newcomer in is auth's (JoinService).
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly userStates: UserStateCache,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async create(principal: Principal, body: CreateInvitationRequest, origin: string, context: RequestContext): Promise<CreatedInvitation> {
    const inviter = await this.userStates.get(principal.userId);
    if (!inviter?.active || !rolesGrantableBy(inviter.role).includes(body.role)) {
      throw new AppError(ErrorCode.InsufficientScope, `You may not invite someone as ${body.role}: no role above your own.`);
    }
    const now = this.clock.now();
    const token = INVITATION_TOKEN.generate();
    const id = await this.invitations.insert({
      tokenHash: hashCredential(token),
      prefix: token.slice(0, TOKEN_PREFIX_LENGTH),
      role: body.role,
      note: body.note ?? '',
      createdBy: principal.userId,
      expiresAt: new Date(now + (body.expires_in ?? INVITATION_DEFAULT_TTL_SECONDS) * 1000),
      createdAt: new Date(now),
    });
    const invitation = await this.find(id);
    await this.record(context, auditActor(principal), 'invitation.created', invitation, { role: invitation.role, expires_at: invitation.expiresAt.toISOString() });
    return { ...toInvitation(invitation, now), token, url: `${origin}${JOIN_PAGE_PATH}${token}` };
  }

  async page(query: InvitationListQuery): Promise<InvitationPage> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, TimeCursorSchema);
    const rows = await this.invitations.page(after, query.limit + 1);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const now = this.clock.now();
    return { items: items.map((row) => toInvitation(row, now)), next_cursor: rows.length > query.limit && last ? timeCursorOf(last) : null };
  }

  /** Idempotent; a used invitation cannot be revoked (its person is a user now: deactivate them instead). */
  async revoke(principal: Principal, id: string, context: RequestContext): Promise<void> {
    const invitation = await this.find(id);
    if (invitation.usedAt) throw new AppError(ErrorCode.Conflict, 'This invitation has been used: deactivate the person it made instead.');
    if (await this.invitations.revoke(id, new Date(this.clock.now()))) await this.record(context, auditActor(principal), 'invitation.revoked', invitation);
  }

  /** What the person invited is told before choosing a name; the refusals of `accept`, unaudited. */
  async preview(token: string): Promise<InvitationPreview> {
    const invitation = await this.byToken(token);
    const refusal = invitation ? refusalOf(invitation, this.clock.now()) : 'invalid';
    if (!invitation || refusal) throw refused(refusal ?? 'invalid');
    return { role: invitation.role as InvitationPreview['role'], invited_by: invitation.creatorUsername, expires_at: invitation.expiresAt.toISOString() };
  }

  /** The new person, under the password rules, with the invitation's role; every refusal is audited. */
  async accept(token: string, username: string, password: string, context: RequestContext): Promise<UserRow> {
    const pending = await this.pendingOrRefused(await this.byToken(token), context);
    assertAcceptablePassword(password, username, 'password');
    const passwordHash = await this.hasher.hash(password);
    const result = await this.invitations.accept(pending.id, { username, passwordHash, role: pending.role }, new Date(this.clock.now()));
    if (result.outcome === 'username_taken') {
      throw new AppError(ErrorCode.Conflict, 'That username is taken.', { errors: [{ path: 'username', message: 'That username is taken: choose another.' }] });
    }
    if (result.outcome === 'spent') {
      // Used, revoked or expired since it was read: say which, as it is now.
      await this.pendingOrRefused(await this.invitations.findById(pending.id), context);
      throw refused('used');
    }
    await this.record(context, result.user.username, 'invitation.accepted', pending, { role: pending.role, user: result.user.username, invited_by: pending.creatorUsername });
    return result.user;
  }

  /** The invitation, if it can be used now; else the refusal, audited. */
  private async pendingOrRefused(invitation: InvitationDetails | undefined, context: RequestContext): Promise<InvitationDetails> {
    const refusal = invitation ? refusalOf(invitation, this.clock.now()) : 'invalid';
    if (invitation && !refusal) return invitation;
    const reason = refusal ?? 'invalid';
    await this.audit.record(context, {
      action: 'invitation.refused',
      outcome: 'failure',
      target: invitation ? `invitation:${invitation.id}` : undefined,
      details: { reason, ...(invitation ? { prefix: invitation.prefix } : {}) },
    });
    throw refused(reason);
  }

  /** A mistyped or made-up token is refused before any lookup. */
  private async byToken(token: string): Promise<InvitationDetails | undefined> {
    return INVITATION_TOKEN.isWellFormed(token) ? this.invitations.findByTokenHash(hashCredential(token)) : undefined;
  }

  private async find(id: string): Promise<InvitationDetails> {
    const invitation = await this.invitations.findById(id);
    if (!invitation) throw new AppError(ErrorCode.NotFound, 'There is no such invitation.');
    return invitation;
  }

  private record(
    context: RequestContext,
    actor: string,
    action: 'invitation.created' | 'invitation.revoked' | 'invitation.accepted',
    invitation: InvitationDetails,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    return this.audit.record(context, { action, outcome: 'success', actor, target: `invitation:${invitation.id}`, details: { prefix: invitation.prefix, note: invitation.note, ...details } });
  }
}

function refusalOf(invitation: InvitationDetails, now: number): Refusal | undefined {
  const status = statusOf(invitation, now);
  return status === 'pending' ? undefined : status;
}

function refused(refusal: Refusal): AppError {
  const [code, detail] = REFUSALS[refusal];
  return new AppError(code, detail);
}
