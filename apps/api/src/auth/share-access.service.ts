import { ErrorCode, RETRY_AFTER_HEADER, ShareTokenResponse } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { hashCredential } from '../access/credential-hash';
import { AuditLog } from '../audit/audit-log';
import { Clock } from '../clock/clock';
import { AppError } from '../http/app-error';
import type { RequestContext } from '../http/request-context';
import { SHARE_LINK_TOKEN } from '../share-links/share-link-token';
import { endOf } from '../share-links/share-link-view';
import { ShareLinkDetails, ShareLinksRepository } from '../share-links/share-links.repository';
import { ShareLinksService } from '../share-links/share-links.service';
import { PasswordHasher } from '../users/password-hasher';
import { LoginThrottle } from './login-throttle';
import { shareLinkEnded } from './share-link.strategy';
import { SHARE_TOKEN_AUDIENCE, SHARE_TOKEN_TTL_SECONDS, type ShareTokenClaims } from './share-token';

/**
 * A visitor opens a share link: its token (and password) for a short-lived share token. Each
 * opening is counted against the link's view limit and logged; password guesses are throttled per
 * link and per address like logins, and each wrong one is audited.
 */
@Injectable()
export class ShareAccessService {
  constructor(
    private readonly links: ShareLinksRepository,
    private readonly shareLinks: ShareLinksService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
  ) {}

  async open(token: string, password: string | undefined, context: RequestContext): Promise<ShareTokenResponse> {
    // A mistyped or made-up token is refused before any lookup.
    const link = SHARE_LINK_TOKEN.isWellFormed(token) ? await this.links.findByTokenHash(hashCredential(token)) : undefined;
    if (!link) throw new AppError(ErrorCode.InvalidShareLink, 'This share link is not valid: check that it was copied whole.');
    const ended = endOf(link, this.clock.now(), link.views);
    if (ended) throw shareLinkEnded(ended);
    if (link.passwordHash) await this.checkPassword(link, link.passwordHash, password, context);

    const now = this.clock.now();
    const view = await this.links.countView(link.id, new Date(now));
    // Ended between the read and the count: another visitor had the last view, or it was revoked. Read again to say which.
    if (view === undefined) {
      const current = await this.links.findById(link.id);
      throw shareLinkEnded((current && endOf(current, now, current.views)) ?? 'revoked');
    }
    await this.shareLinks.recordAccess(link.id, 'opened', null, context);

    const expiresIn = Math.min(SHARE_TOKEN_TTL_SECONDS, link.expiresAt ? Math.ceil((link.expiresAt.getTime() - now) / 1000) : Infinity);
    const claims: ShareTokenClaims = { sub: link.id, view, iat: Math.floor(now / 1000) };
    const shareToken = await this.jwt.signAsync(claims, { audience: SHARE_TOKEN_AUDIENCE, expiresIn });
    return { share_token: shareToken, expires_in: expiresIn, shared: sharedOf(link), allow_download: link.allowDownload, label: link.label };
  }

  private async checkPassword(link: ShareLinkDetails, passwordHash: string, password: string | undefined, context: RequestContext): Promise<void> {
    if (password === undefined) throw new AppError(ErrorCode.ShareLinkPasswordRequired, 'This link asks for a password.');
    const throttled = `share-link:${link.id}`;
    const wait = await this.throttle.attempt(throttled, context.ip);
    if (wait > 0) throw new AppError(ErrorCode.TooManyRequests, `Too many wrong passwords. Try again in ${wait} seconds.`, { headers: { [RETRY_AFTER_HEADER]: String(wait) } });
    if (!(await this.hasher.verify(passwordHash, password))) {
      await this.audit.record(context, { action: 'share_link.password_failed', outcome: 'failure', target: `share_link:${link.id}`, details: { prefix: link.prefix } });
      throw new AppError(ErrorCode.InvalidCredentials, 'That is not the password of this link.');
    }
    await this.throttle.succeeded(throttled, context.ip);
  }

}

function sharedOf(link: ShareLinkDetails): ShareTokenResponse['shared'] {
  if (!link.albumId) return { kind: 'image', image_id: link.imageId as string };
  return { kind: 'album', album: { id: link.albumId, title: link.targetTitle, description: link.albumDescription ?? '', sort: link.albumSort ?? 'manual' } };
}
