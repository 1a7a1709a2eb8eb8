import type { Scope } from '@lightbox/auth-contracts';

/** Who is calling, as every handler and guard sees it. */
export interface Principal {
  kind: 'user' | 'api_key';
  userId: string;
  scopes: readonly Scope[];
  /** The refresh session the access token was issued for (user tokens only). */
  sessionId?: string;
  apiKeyId?: string;
}

export interface RequestWithPrincipal {
  principal?: Principal;
}
