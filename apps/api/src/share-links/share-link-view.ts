import type { ShareAccess, ShareLink, ShareLinkEndReason, ShareLinkStatus } from '@lightbox/auth-contracts';
import type { shareLinkAccesses } from '../database/schema';
import type { ShareLinkDetails } from './share-links.repository';

/** Why a link no longer opens at `now`, or undefined while it does (a view limit counts openings). */
export function endOf(
  link: { revokedAt: Date | null; expiresAt: Date | null; maxViews: number | null },
  now: number,
  views: number,
): ShareLinkEndReason | undefined {
  if (link.revokedAt) return 'revoked';
  if (link.expiresAt && link.expiresAt.getTime() <= now) return 'expired';
  if (link.maxViews !== null && views >= link.maxViews) return 'view_limit_reached';
  return undefined;
}

export function toShareLink(link: ShareLinkDetails, now: number): ShareLink {
  const status: ShareLinkStatus = endOf(link, now, link.views) ?? 'active';
  return {
    id: link.id,
    label: link.label,
    prefix: link.prefix,
    target: link.albumId
      ? { kind: 'album', album_id: link.albumId, title: link.targetTitle }
      : { kind: 'image', image_id: link.imageId as string, title: link.targetTitle },
    allow_download: link.allowDownload,
    has_password: link.passwordHash !== null,
    expires_at: link.expiresAt?.toISOString() ?? null,
    max_views: link.maxViews,
    views: link.views,
    last_accessed_at: link.lastAccessedAt?.toISOString() ?? null,
    revoked_at: link.revokedAt?.toISOString() ?? null,
    status,
    created_by: { id: link.createdBy, username: link.creatorUsername },
    created_at: link.createdAt.toISOString(),
  };
}

export function toShareAccess(access: typeof shareLinkAccesses.$inferSelect): ShareAccess {
  return { at: access.at.toISOString(), action: access.action, image_id: access.imageId, ip: access.ip, user_agent: access.userAgent };
}
