import { STEP_UP_MAX_AGE_SECONDS, type Scope } from '@lightbox/auth-contracts';
import { applyDecorators, type ExecutionContext, SetMetadata, type Type } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

const IS_PUBLIC_KEY = 'lightbox:public';
const REQUIRED_SCOPES_KEY = 'lightbox:required-scopes';
const USERS_ONLY_KEY = 'lightbox:users-only';
const STEP_UP_KEY = 'lightbox:step-up';
const SHARE_LINKS_KEY = 'lightbox:share-links';

/** Opens a route to anonymous callers. Credentials, if sent and valid, still attach the principal. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/** Every listed scope is needed (checked after authentication): else 403 insufficient_scope. */
export const RequireScopes = (...scopes: Scope[]) => SetMetadata(REQUIRED_SCOPES_KEY, scopes);

/** A person's access token only: keys never manage keys, sessions or passwords (an API key gets 403). */
export const UsersOnly = () => SetMetadata(USERS_ONLY_KEY, true);

/**
 * A read a share link's visitor may make (an album's images and their display renditions): its
 * share token is judged, and the handler confines it to what the link opens. Elsewhere a share
 * token is no credential: it is not read, and adds nothing to what an anonymous caller gets.
 */
export const OpenToShareLinks = () => SetMetadata(SHARE_LINKS_KEY, true);

/**
 * What matters (passwords, factors, keys, people): the person must have authenticated within
 * `maxAgeSeconds`, with the strongest factor they have (RFC 9470); else 401 step_up_required.
 */
export const RequireRecentAuth = (maxAgeSeconds = STEP_UP_MAX_AGE_SECONDS) =>
  // Only people authenticate: an API key never passes, whatever its scopes.
  applyDecorators(SetMetadata(STEP_UP_KEY, maxAgeSeconds), UsersOnly());

/** The credentials a route takes, named as the OpenAPI security schemes are. */
export type Credential = 'bearer' | 'apiKey' | 'shareToken';

/** Who may call a route: what the guard enforces and the OpenAPI document states, read in one place. */
export interface AccessRule {
  readonly isPublic: boolean;
  readonly scopes: readonly Scope[];
  readonly credentials: readonly Credential[];
  /** Set by @RequireRecentAuth(): how old an authentication may be, in seconds. */
  readonly stepUpMaxAge: number | undefined;
}

const ANY_CREDENTIAL: readonly Credential[] = ['bearer', 'apiKey'];
const ANY_CREDENTIAL_OR_SHARE: readonly Credential[] = ['bearer', 'apiKey', 'shareToken'];
const USER_CREDENTIAL: readonly Credential[] = ['bearer'];

/** People only wins over share links: a route for people is never opened to a link's visitor. */
function credentialsOf(reflector: Reflector, targets: [ReturnType<ExecutionContext['getHandler']>, Type]): readonly Credential[] {
  if (reflector.getAllAndOverride<boolean | undefined>(USERS_ONLY_KEY, targets)) return USER_CREDENTIAL;
  if (reflector.getAllAndOverride<boolean | undefined>(SHARE_LINKS_KEY, targets)) return ANY_CREDENTIAL_OR_SHARE;
  return ANY_CREDENTIAL;
}

/** A method's decorators override its controller's. */
export function accessRuleOf(reflector: Reflector, handler: ReturnType<ExecutionContext['getHandler']>, controller: Type): AccessRule {
  const targets: [typeof handler, Type] = [handler, controller];
  return {
    isPublic: reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true,
    scopes: reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES_KEY, targets) ?? [],
    credentials: credentialsOf(reflector, targets),
    stepUpMaxAge: reflector.getAllAndOverride<number | undefined>(STEP_UP_KEY, targets),
  };
}
