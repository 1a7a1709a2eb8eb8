import type { InvitationPreview } from '@lightbox/auth-contracts';

/** What a person who joins will be, and may do, in their words. */
export const ROLE_IN_WORDS: Readonly<Record<InvitationPreview['role'], { name: string; can: string }>> = {
  viewer: { name: 'a viewer', can: 'As a viewer, you see the private images as well as the public ones.' },
  editor: { name: 'an editor', can: 'As an editor, you upload images and change your own.' },
  admin: { name: 'an admin', can: 'As an admin, you can do everything, managing people included.' },
};
