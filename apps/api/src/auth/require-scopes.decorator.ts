import type { Scope } from '@lightbox/auth-contracts';
import { SetMetadata } from '@nestjs/common';

export const REQUIRED_SCOPES_KEY = 'lightbox:required-scopes';

/** Every listed scope is needed (checked after authentication): else 403 insufficient_scope. */
export const RequireScopes = (...scopes: Scope[]) => SetMetadata(REQUIRED_SCOPES_KEY, scopes);
