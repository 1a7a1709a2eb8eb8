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
