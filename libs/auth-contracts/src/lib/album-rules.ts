/** How an album orders its images: as arranged by hand, or by upload date. */
export const ALBUM_SORTS = ['manual', 'newest', 'oldest'] as const;
export type AlbumSort = (typeof ALBUM_SORTS)[number];

export const MAX_ALBUM_TITLE_LENGTH = 200;
export const MAX_ALBUM_DESCRIPTION_LENGTH = 2000;
/** Image ids one request may add, remove or order. */
export const MAX_ALBUM_IMAGES_PER_REQUEST = 1000;

/** A share link expires after 30 days unless its creator says otherwise; "never" is said explicitly. */
export const SHARE_LINK_DEFAULT_TTL_DAYS = 30;
export const MAX_SHARE_LINK_LABEL_LENGTH = 100;
export const MIN_SHARE_LINK_PASSWORD_LENGTH = 8;
export const MAX_SHARE_LINK_PASSWORD_LENGTH = 256;
/** The SPA's visitor page: `/s/<token>`. */
export const SHARE_PAGE_PATH = '/s/';

/** What a share link's access log records. */
export const SHARE_ACCESS_ACTIONS = ['opened', 'viewed', 'downloaded'] as const;
export type ShareAccessAction = (typeof SHARE_ACCESS_ACTIONS)[number];

/** Why a share link no longer opens (the `reason` of a 410 `share_link_expired`). */
export const SHARE_LINK_END_REASONS = ['expired', 'revoked', 'view_limit_reached'] as const;
export type ShareLinkEndReason = (typeof SHARE_LINK_END_REASONS)[number];
