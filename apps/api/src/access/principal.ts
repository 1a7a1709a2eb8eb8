import type { AuthMethod, Scope } from '@lightbox/auth-contracts';

/** Whoever acts does so for a user (a key for its holder), with what they may do today. */
interface ActingFor {
  readonly userId: string;
  readonly username: string;
  readonly scopes: readonly Scope[];
}

/** A person, with the access token of one of their sessions (or the operator's CLI, with none). */
export interface UserPrincipal extends ActingFor {
  readonly kind: 'user';
  /** The refresh session the access token was issued for; absent for the CLI. */
  readonly sessionId?: string;
  /** When the person last authenticated in this session (`auth_time`, in ms); absent for the CLI. */
  readonly authTime?: number;
  /** How (RFC 8176 `amr`); absent for the CLI. */
  readonly amr?: readonly AuthMethod[];
}

/** An API key, acting for its user within the key's scopes and the user's current role. */
export interface ApiKeyPrincipal extends ActingFor {
  readonly kind: 'api_key';
  /** What `/auth/me` shows of the key and the audit log names it by, from the verifier's cache. */
  readonly apiKey: { readonly id: string; readonly name: string; readonly prefix: string };
}

/** Who acts for a user, as every handler and guard sees it: narrow on `kind`. */
export type Principal = UserPrincipal | ApiKeyPrincipal;

/** What a share link opens: one album (with whose images it shows), or one image. */
export type SharedTarget =
  | { readonly kind: 'album'; readonly albumId: string; readonly albumOwnerId: string }
  | { readonly kind: 'image'; readonly imageId: string };

/**
 * A visitor holding a share token: acts for no one, holds no scope, and reaches only the routes
 * marked @OpenToShareLinks(), there only what its link opens.
 */
export interface ShareLinkPrincipal {
  readonly kind: 'share_link';
  readonly linkId: string;
  readonly shared: SharedTarget;
  readonly allowDownload: boolean;
  /** Always empty: a visitor holds no scope, so no scoped route and no `images:read` view is theirs. */
  readonly scopes: readonly Scope[];
}

/** Whoever the guard let in: a user's principal, or a share link's. */
export type Caller = Principal | ShareLinkPrincipal;

export interface RequestWithPrincipal {
  principal?: Caller;
}

/** How the audit log names whoever acted (DESIGN.md §8): a username, or `api_key:<prefix>`. */
export function auditActor(principal: Principal): string {
  return principal.kind === 'api_key' ? `api_key:${principal.apiKey.prefix}` : principal.username;
}

/** "May act on other people's things" (their images, their keys): those who manage users. */
export function mayManageOthers(principal: Principal): boolean {
  return principal.scopes.includes('users:manage');
}
