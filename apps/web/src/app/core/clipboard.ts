/**
 * Copies `text`; true when it is on the clipboard. The clipboard API exists only in secure
 * contexts: over plain http on a LAN it fails, and `shown` (where the text is on screen) is
 * selected instead, for the person to copy themselves.
 */
export async function copyOrSelect(text: string, shown: HTMLElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    getSelection()?.selectAllChildren(shown);
    return false;
  }
}
