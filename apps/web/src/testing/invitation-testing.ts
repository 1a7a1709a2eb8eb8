import type { CreatedInvitation, Invitation, InvitationPreview } from '@lightbox/auth-contracts';

const OWNER = { id: '00000000-0000-4000-8000-000000000001', username: 'root' };
export const INVITATION_TOKEN = 'lbi_4Fq9Zr2Mk7Wq1pLzT8vB3nC6dF0gJ5sY2hKq9e';

/** A pending invitation for an editor, made by the owner `root`, named by its note. */
export function anInvitation(note: string, change: Partial<Invitation> = {}): Invitation {
  return {
    id: `00000000-0000-4000-8000-${String(note.length).padStart(12, '0')}`,
    role: 'editor',
    note,
    prefix: 'lbi_4Fq9Zr2M',
    status: 'pending',
    expires_at: '2026-11-08T10:00:00.000Z',
    created_by: OWNER,
    created_at: '2026-11-01T10:00:00.000Z',
    used_at: null,
    used_by: null,
    revoked_at: null,
    ...change,
  };
}

/** The answer to its making: the one time its token and link are sent. */
export const aCreatedInvitation = (invitation: Invitation): CreatedInvitation => ({
  ...invitation,
  token: INVITATION_TOKEN,
  url: `http://localhost/join/${INVITATION_TOKEN}`,
});

/** What the person invited sees first. */
export const anInvitationPreview = (change: Partial<InvitationPreview> = {}): InvitationPreview => ({
  role: 'editor',
  invited_by: 'root',
  expires_at: '2026-11-08T10:00:00.000Z',
  ...change,
});
