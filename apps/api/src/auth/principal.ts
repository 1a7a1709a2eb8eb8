import type { Scope } from '@lightbox/auth-contracts';

/** Who is calling, as every handler and guard sees it. */
export interface Principal {
  kind: 'user' | 'api_key';
  userId: string;
  scopes: readonly Scope[];
  /** The refresh session the access token was issued for (user tokens only). */
  sessionId?: string;
  /** The key (API keys only): what `/auth/me` shows of it, from the verifier's cache. */
  apiKey?: { readonly id: string; readonly name: string; readonly prefix: string };
}

export interface RequestWithPrincipal {
  principal?: Principal;
}
