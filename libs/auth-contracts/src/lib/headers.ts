/** HTTP header names shared by the API, the SPA and generated clients (lower case, as Node sees them). */
export const AUTHORIZATION_HEADER = 'authorization';
export const API_KEY_HEADER = 'x-api-key';
/** A visitor's share token (from POST /share-links/access): reads of one album or image. */
export const SHARE_TOKEN_HEADER = 'x-share-token';
export const REQUEST_ID_HEADER = 'x-request-id';
export const RETRY_AFTER_HEADER = 'retry-after';
export const WWW_AUTHENTICATE_HEADER = 'www-authenticate';

/** The realm every `WWW-Authenticate: Bearer` challenge names. */
export const AUTH_REALM = 'lightbox';

/** The challenge of a 401 without credentials (RFC 6750 §3); refusals of sent ones add an error. */
export const BEARER_CHALLENGE = `Bearer realm="${AUTH_REALM}"`;
