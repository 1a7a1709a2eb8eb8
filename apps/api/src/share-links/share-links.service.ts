import {
  CreatedShareLink,
  CreateShareLinkRequest,
  ErrorCode,
  SHARE_LINK_DEFAULT_TTL_DAYS,
  SHARE_PAGE_PATH,
  ShareAccessAction,
  ShareAccessListQuery,
  ShareAccessPage,
  ShareLink,
  ShareLinkListQuery,
  ShareLinkPage,
  UpdateShareLinkRequest,
} from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { hashCredential } from '../access/credential-hash';
import { TOKEN_PREFIX_LENGTH } from '../access/checksummed-token';
import { auditActor, mayManageOthers, type Principal } from '../access/principal';
import { AuditLog } from '../audit/audit-log';
import { Clock } from '../clock/clock';
import { AppError } from '../http/app-error';
import { decodeCursor, encodeCursor, TimeCursorSchema, timeCursorOf } from '../http/cursor';
import type { RequestContext } from '../http/request-context';
import { PasswordHasher } from '../users/password-hasher';
import { SHARE_LINK_TOKEN } from './share-link-token';
import { ShareLinkStates } from './share-link-states';
import { toShareAccess, toShareLink } from './share-link-view';
import { ShareLinkChanges, ShareLinkDetails, ShareLinksRepository } from './share-links.repository';

const DAY_MS = 24 * 3_600_000;

export type ShareTarget = { kind: 'album' | 'image'; id: string };

/**
 * Share links as their owners see them: made for an album or image one may change, listed,
 * changed and revoked by their maker, the target's owner, or those who manage users. Every
 * change reaches the guard's cache on every instance before the answer is sent.
 */
@Injectable()
export class ShareLinksService {
  constructor(
    private readonly links: ShareLinksRepository,
    private readonly states: ShareLinkStates,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async create(principal: Principal, target: ShareTarget, body: CreateShareLinkRequest, origin: string, context: RequestContext): Promise<CreatedShareLink> {
    const ownerId = await this.links.targetOwner(target);
    if (!ownerId) throw new AppError(ErrorCode.NotFound, `There is no such ${target.kind}.`);
    if (ownerId !== principal.userId && !mayManageOthers(principal)) throw notOwner(target.kind);
    const now = this.clock.now();
    const expiresAt = body.expires_at === undefined ? new Date(now + SHARE_LINK_DEFAULT_TTL_DAYS * DAY_MS) : dateOrNull(body.expires_at);
    if (expiresAt && expiresAt.getTime() <= now) throw invalidExpiry();
    const token = SHARE_LINK_TOKEN.generate();
    const id = await this.links.insert({
      tokenHash: hashCredential(token),
      prefix: token.slice(0, TOKEN_PREFIX_LENGTH),
      label: body.label ?? '',
      albumId: target.kind === 'album' ? target.id : null,
      imageId: target.kind === 'image' ? target.id : null,
      createdBy: principal.userId,
      passwordHash: body.password === undefined ? null : await this.hasher.hash(body.password),
      allowDownload: body.allow_download ?? false,
      expiresAt,
      maxViews: body.max_views ?? null,
      createdAt: new Date(now),
    });
    const link = await this.find(id);
    await this.record(context, principal, 'share_link.created', link, { [target.kind]: target.id, allow_download: link.allowDownload, has_password: link.passwordHash !== null });
    return { ...toShareLink(link, now), token, url: `${origin}${SHARE_PAGE_PATH}${token}` };
  }

  async page(principal: Principal, query: ShareLinkListQuery): Promise<ShareLinkPage> {
    const rows = await this.links.page({
      visibleTo: mayManageOthers(principal) ? undefined : principal.userId,
      albumId: query.album_id,
      imageId: query.image_id,
      after: query.cursor === undefined ? undefined : decodeCursor(query.cursor, TimeCursorSchema),
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const now = this.clock.now();
    return {
      items: items.map((link) => toShareLink(link, now)),
      next_cursor: rows.length > query.limit && last ? timeCursorOf(last) : null,
    };
  }

  async get(principal: Principal, id: string): Promise<ShareLink> {
    return toShareLink(await this.findManaged(principal, id), this.clock.now());
  }

  async update(principal: Principal, id: string, body: UpdateShareLinkRequest, context: RequestContext): Promise<ShareLink> {
    const link = await this.findManaged(principal, id);
    if (link.revokedAt) throw new AppError(ErrorCode.Conflict, 'This link has been revoked; make a new one.');
    const changes: ShareLinkChanges = {
      label: body.label,
      allowDownload: body.allow_download,
      maxViews: body.max_views,
      expiresAt: body.expires_at === undefined ? undefined : dateOrNull(body.expires_at),
      passwordHash: body.password === undefined || body.password === null ? body.password : await this.hasher.hash(body.password),
    };
    if (changes.expiresAt && changes.expiresAt.getTime() <= this.clock.now()) throw invalidExpiry();
    if (!(await this.links.update(id, changes))) throw new AppError(ErrorCode.Conflict, 'This link has been revoked; make a new one.');
    this.states.changed(id);
    const changed = await this.find(id);
    await this.record(context, principal, 'share_link.changed', changed, { changed: Object.keys(body).sort() });
    return toShareLink(changed, this.clock.now());
  }

  /** Idempotent: revoking a revoked link changes nothing and records nothing. */
  async revoke(principal: Principal, id: string, context: RequestContext): Promise<void> {
    const link = await this.findManaged(principal, id);
    if (!(await this.links.revoke(id, new Date(this.clock.now())))) return;
    this.states.changed(id);
    await this.record(context, principal, 'share_link.revoked', link);
  }

  async accesses(principal: Principal, id: string, query: ShareAccessListQuery): Promise<ShareAccessPage> {
    await this.findManaged(principal, id);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, TimeCursorSchema);
    const rows = await this.links.accesses(id, after, query.limit + 1);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return { items: items.map(toShareAccess), next_cursor: rows.length > query.limit && last ? encodeCursor([last.at.toISOString(), last.id]) : null };
  }

  /** A visitor opened the link or looked at something: the access log its owner reads. */
  recordAccess(linkId: string, action: ShareAccessAction, imageId: string | null, context: RequestContext): Promise<void> {
    return this.links.recordAccess({ linkId, action, imageId, ip: context.ip, userAgent: context.userAgent, at: new Date(this.clock.now()) });
  }

  private async findManaged(principal: Principal, id: string): Promise<ShareLinkDetails> {
    const link = await this.links.findById(id);
    const mine = link && (link.createdBy === principal.userId || link.targetOwnerId === principal.userId);
    // Someone else's link is not found rather than forbidden: its existence is theirs to know.
    if (!link || !(mine || mayManageOthers(principal))) throw new AppError(ErrorCode.NotFound, 'There is no such share link.');
    return link;
  }

  private async find(id: string): Promise<ShareLinkDetails> {
    const link = await this.links.findById(id);
    // Deleted with its album or image between the write and this read.
    if (!link) throw new AppError(ErrorCode.NotFound, 'There is no such share link.');
    return link;
  }

  private record(
    context: RequestContext,
    principal: Principal,
    action: 'share_link.created' | 'share_link.changed' | 'share_link.revoked',
    link: ShareLinkDetails,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    return this.audit.record(context, { action, outcome: 'success', actor: auditActor(principal), target: `share_link:${link.id}`, details: { prefix: link.prefix, label: link.label, ...details } });
  }
}

function notOwner(kind: 'album' | 'image'): AppError {
  return new AppError(ErrorCode.NotOwner, `This ${kind} belongs to someone else: only its owner, or an administrator, may share it.`);
}

function dateOrNull(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}

function invalidExpiry(): AppError {
  return new AppError(ErrorCode.ValidationFailed, 'The expiry must be in the future.', { errors: [{ path: 'expires_at', message: 'Choose a time in the future, or null for never.' }] });
}

