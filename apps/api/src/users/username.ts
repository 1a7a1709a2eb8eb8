/**
 * The one form a name typed at login is compared in: the lookup and the login throttle's keys
 * both use it, so a look-alike cannot find the account while dodging its throttle (stored names
 * are ASCII, compared through the unique index on their lower case).
 * Usernames are ASCII (UsernameSchema): NFKC turns compatibility forms such as fullwidth letters
 * into the ASCII they stand for, then only A–Z are folded, the same in every locale. Anything
 * else (İ, ß, a combining dot) stays as it is, and so matches no username.
 */
export function normalizeUsername(username: string): string {
  return username.normalize('NFKC').replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
