import { type Invitation, type InvitationStatus, rolesGrantableBy } from '@lightbox/auth-contracts';
import type { InvitationDetails } from './invitations.repository';

/**
 * Where an invitation stands at `now`. One whose maker may no longer give its role (demoted,
 * deactivated) counts as revoked: an invitation never gives more than its maker could today.
 */
export function statusOf(invitation: InvitationDetails, now: number): InvitationStatus {
  if (invitation.usedAt) return 'used';
  if (invitation.revokedAt || !invitation.creatorActive || !rolesGrantableBy(invitation.creatorRole).includes(invitation.role)) return 'revoked';
  return invitation.expiresAt.getTime() <= now ? 'expired' : 'pending';
}

export function toInvitation(invitation: InvitationDetails, now: number): Invitation {
  return {
    id: invitation.id,
    // The database's check keeps `owner` out; the type does not know it.
    role: invitation.role as Invitation['role'],
    note: invitation.note,
    prefix: invitation.prefix,
    status: statusOf(invitation, now),
    expires_at: invitation.expiresAt.toISOString(),
    created_by: { id: invitation.createdBy, username: invitation.creatorUsername },
    created_at: invitation.createdAt.toISOString(),
    used_at: invitation.usedAt?.toISOString() ?? null,
    used_by: invitation.usedBy && invitation.usedByUsername ? { id: invitation.usedBy, username: invitation.usedByUsername } : null,
    revoked_at: invitation.revokedAt?.toISOString() ?? null,
  };
}
