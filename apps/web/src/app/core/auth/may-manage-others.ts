import type { Scope, User } from '@lightbox/auth-contracts';

/** The one scope that lets a user act on other people's things: their accounts, images and keys. */
export const MANAGE_OTHERS_SCOPE = 'users:manage' satisfies Scope;

/**
 * The SPA's one answer to "may this user act on other people's things?", so pages show only what
 * the user may do. It is for their comfort: the API decides the same way and has the last word.
 */
export function mayManageOthers(user: User | null): boolean {
  return user?.scopes.includes(MANAGE_OTHERS_SCOPE) ?? false;
}

/**
 * Whether this user may change a thing that `owner` made (an image, an album): with images:write,
 * their own things; with users:manage as well, anyone's. The API's rule, shown for their comfort.
 */
export function mayChange(user: User | null, owner: { readonly id: string }): boolean {
  if (!user?.scopes.includes('images:write')) return false;
  return owner.id === user.id || mayManageOthers(user);
}
