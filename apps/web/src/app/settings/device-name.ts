import Bowser from 'bowser';

/**
 * What a person calls the device behind a user agent: "Chrome on Linux", "Safari on iOS"; a
 * program that is no browser by its product name ("curl", "python-requests").
 */
export function deviceName(userAgent: string | null): string {
  if (!userAgent?.trim()) return 'Unknown device';
  const { browser, os } = Bowser.parse(userAgent);
  if (browser.name) return os.name ? `${browser.name} on ${os.name}` : browser.name;
  return /^[^\s/;()]+/.exec(userAgent.trim())?.[0] ?? 'Unknown device';
}
