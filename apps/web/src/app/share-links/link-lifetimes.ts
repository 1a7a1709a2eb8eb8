import { SHARE_LINK_DEFAULT_TTL_DAYS } from '@lightbox/auth-contracts';

const DAY_MS = 24 * 3600 * 1000;

/** How long a share link may open, as offered; `null` days: it never expires. */
export const LINK_LIFETIMES: readonly { label: string; days: number | null }[] = [
  { label: '1 day', days: 1 },
  { label: '7 days', days: 7 },
  { label: `${SHARE_LINK_DEFAULT_TTL_DAYS} days`, days: SHARE_LINK_DEFAULT_TTL_DAYS },
  { label: '1 year', days: 365 },
  { label: 'Never expires', days: null },
];

/** When a link that opens for `days` from now stops opening; `null`: never. */
export function expiryIn(days: number | null): string | null {
  return days === null ? null : new Date(Date.now() + days * DAY_MS).toISOString();
}
