/** The element the selector names: a test that cannot find it fails here, saying which. */
export function element<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`No element matches ${selector}`);
  return found;
}

/** The button a user would name `name`: by its accessible label, else by its text. */
export function button(root: ParentNode, name: string): HTMLButtonElement {
  const found = Array.from(root.querySelectorAll('button')).find(
    (candidate) => (candidate.getAttribute('aria-label') ?? candidate.textContent?.trim()) === name,
  );
  if (!found) throw new Error(`No button is named ${name}`);
  return found;
}

/** The input of the field whose label reads `label` (the `<span>` inside the `<label class="field">`). */
export function field(root: ParentNode, label: string): HTMLInputElement {
  const found = Array.from(root.querySelectorAll('label')).find((candidate) => candidate.querySelector('span')?.textContent?.trim() === label);
  if (!found) throw new Error(`No field is labelled ${label}`);
  return element<HTMLInputElement>(found, 'input');
}

/** jsdom has <dialog> but not its modal methods: these do what the tests rely on. Returns the undo. */
export function polyfillDialog(): () => void {
  const prototype = HTMLDialogElement.prototype;
  const original = { showModal: prototype.showModal, close: prototype.close };
  prototype.showModal = function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  prototype.close = function (this: HTMLDialogElement) {
    if (!this.hasAttribute('open')) return;
    // Hidden content cannot keep focus: a browser moves it to the body (and the dialog then gives it back).
    if (document.activeElement instanceof HTMLElement && this.contains(document.activeElement)) document.activeElement.blur();
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
  return () => Object.assign(prototype, original);
}

/**
 * jsdom has no object URLs: these hand out `blob:` names, count the ones still held, and say which
 * blob each names. Returns them with the undo.
 */
export function fakeObjectUrls() {
  const held = new Map<string, Blob>();
  let made = 0;
  const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
  URL.createObjectURL = (blob: Blob | MediaSource) => {
    const url = `blob:lightbox/${++made}`;
    if (blob instanceof Blob) held.set(url, blob);
    return url;
  };
  URL.revokeObjectURL = (url: string) => void held.delete(url);
  return {
    held,
    restore: () => Object.assign(URL, { createObjectURL: original.create, revokeObjectURL: original.revoke }),
  };
}
