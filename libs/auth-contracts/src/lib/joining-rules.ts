import { SHARE_PAGE_PATH } from './album-rules';

/** An invitation lasts a week unless its maker says otherwise. */
export const INVITATION_DEFAULT_TTL_SECONDS = 7 * 24 * 3600;
export const INVITATION_MIN_TTL_SECONDS = 3600;
export const INVITATION_MAX_TTL_SECONDS = 30 * 24 * 3600;
export const MAX_INVITATION_NOTE_LENGTH = 200;
/** The SPA's page for an invitation: `/join/<token>`. */
export const JOIN_PAGE_PATH = '/join/';
/** The SPA's pages whose URL holds a secret token: never logged, never sent on as a referrer, never indexed. */
export const SECRET_PAGE_PATHS = [SHARE_PAGE_PATH, JOIN_PAGE_PATH] as const;

/** `SIGNUP`: `open` lets anyone make an account; `off` and `invite` (the same, said explicitly) do not. */
export const SIGNUP_MODES = ['off', 'invite', 'open'] as const;
export type SignupMode = (typeof SIGNUP_MODES)[number];
/** The roles an open sign-up may give: never more than an editor's. */
export const SIGNUP_ROLES = ['viewer', 'editor'] as const;
export type SignupRole = (typeof SIGNUP_ROLES)[number];
/** Sign-ups one address may make in an hour (a taken username counts too). */
export const SIGNUPS_PER_ADDRESS_PER_HOUR = 10;

/** Where an invitation stands. */
export const INVITATION_STATUSES = ['pending', 'used', 'expired', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
