/**
 * The time the application decides by: expiry, lifetimes, grace periods, throttles. One source,
 * injected, so that a test moves it rather than waiting. (jsonwebtoken checks `exp` and `nbf`
 * against the system time itself; the database's `now()` is its own.)
 */
export class Clock {
  /** Milliseconds since the epoch, as Date.now(). */
  now(): number {
    return Date.now();
  }
}
