/** How long a disabled opener may take to come back before its focus is given up. */
const FOCUS_WAIT_MS = 10_000;

/**
 * Focus back from a closed dialog to where it was. A button the page disabled while its request
 * waited (as UserAction pages do) cannot take it yet: it gets it once enabled again, unless the
 * person has put focus somewhere else meanwhile.
 */
function giveFocusBack(target: HTMLElement, dialog: HTMLDialogElement): void {
  if (!target.isConnected) return;
  if (!(target instanceof HTMLButtonElement && target.disabled)) return target.focus();
  const focusIsLost = () => document.activeElement === null || document.activeElement === document.body || dialog.contains(document.activeElement);
  const observer = new MutationObserver(() => {
    if (target.disabled) return;
    observer.disconnect();
    if (focusIsLost()) target.focus();
  });
  observer.observe(target, { attributes: true, attributeFilter: ['disabled'] });
  setTimeout(() => observer.disconnect(), FOCUS_WAIT_MS);
}

/**
 * Opens a native modal dialog and, however it closes (its `(close)` calls `closed`), gives the focus
 * back to what had it when it opened.
 */
export class FocusReturn {
  private opener: HTMLElement | null = null;

  /** `opener` is what has focus now, unless the caller knows better (a request that waited). */
  showModal(dialog: HTMLDialogElement, opener = focusedElement()): void {
    this.opener = opener;
    dialog.showModal();
  }

  closed(dialog: HTMLDialogElement): void {
    if (this.opener) giveFocusBack(this.opener, dialog);
    this.opener = null;
  }
}

/** What has focus now, to give it back when a dialog opened from it closes. */
function focusedElement(): HTMLElement | null {
  const active = document.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : null;
}
