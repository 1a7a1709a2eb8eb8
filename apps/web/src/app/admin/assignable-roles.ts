import type { CreateUserRequest } from '@lightbox/auth-contracts';

/** A role a person can be given through the API: any but owner. */
export type AssignableRole = CreateUserRequest['role'];

/** Every role but owner (there is one owner, made at start-up), from the least to the most, in words. */
export const ASSIGNABLE_ROLES: readonly { role: AssignableRole; label: string }[] = [
  { role: 'viewer', label: 'Viewer: sees private images' },
  { role: 'editor', label: 'Editor: uploads, changes own images' },
  { role: 'admin', label: 'Admin: everything' },
];
