/** A share token's audience: never the API's, so an access-token check can never take one. */
export const SHARE_TOKEN_AUDIENCE = 'lightbox-share';
/** How long a share token lives; the link's own state is judged on every request regardless. */
export const SHARE_TOKEN_TTL_SECONDS = 3_600;

/** The claims of a share token, beyond iss/aud/exp. */
export interface ShareTokenClaims {
  /** The share link. */
  sub: string;
  /** Which opening of the link this is: a view limit lowered below it ends the token. */
  view: number;
  iat: number;
}
