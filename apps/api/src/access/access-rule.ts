import type { Scope } from '@lightbox/auth-contracts';
import { type ExecutionContext, SetMetadata, type Type } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

const IS_PUBLIC_KEY = 'lightbox:public';
const REQUIRED_SCOPES_KEY = 'lightbox:required-scopes';
const USERS_ONLY_KEY = 'lightbox:users-only';

/** Opens a route to anonymous callers. Credentials, if sent and valid, still attach the principal. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/** Every listed scope is needed (checked after authentication): else 403 insufficient_scope. */
export const RequireScopes = (...scopes: Scope[]) => SetMetadata(REQUIRED_SCOPES_KEY, scopes);

/** A person's access token only: keys never manage keys, sessions or passwords (an API key gets 403). */
export const UsersOnly = () => SetMetadata(USERS_ONLY_KEY, true);

/** The credentials a route takes, named as the OpenAPI security schemes are. */
export type Credential = 'bearer' | 'apiKey';

/** Who may call a route: what the guard enforces and the OpenAPI document states, read in one place. */
export interface AccessRule {
  readonly isPublic: boolean;
  readonly scopes: readonly Scope[];
  readonly credentials: readonly Credential[];
}

const ANY_CREDENTIAL: readonly Credential[] = ['bearer', 'apiKey'];
const USER_CREDENTIAL: readonly Credential[] = ['bearer'];

/** A method's decorators override its controller's. */
export function accessRuleOf(reflector: Reflector, handler: ReturnType<ExecutionContext['getHandler']>, controller: Type): AccessRule {
  const targets = [handler, controller];
  return {
    isPublic: reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true,
    scopes: reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES_KEY, targets) ?? [],
    credentials: reflector.getAllAndOverride<boolean | undefined>(USERS_ONLY_KEY, targets) ? USER_CREDENTIAL : ANY_CREDENTIAL,
  };
}
