/**
 * The one form a username is compared in: storage (the unique index), lookup and the login
 * throttle's keys all use it, so a look-alike cannot find the account while dodging its throttle.
 * Usernames are ASCII (UsernameSchema): NFKC turns compatibility forms such as fullwidth letters
 * into the ASCII they stand for, then only A–Z are folded, the same in every locale. Anything
 * else (İ, ß, a combining dot) stays as it is, and so matches no username.
 */
export function normalizeUsername(username: string): string {
  return username.normalize('NFKC').replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
