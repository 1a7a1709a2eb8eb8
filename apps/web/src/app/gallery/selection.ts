import { computed, signal } from '@angular/core';

/**
 * The images chosen for a bulk action, by id. A click toggles one; a shift-click chooses every
 * image from the one toggled last to this one, in the order shown, as a file manager does.
 */
export class Selection {
  readonly chosen = signal<ReadonlySet<string>>(new Set());
  readonly size = computed(() => this.chosen().size);
  /** The one a shift-click extends from. */
  private anchor: string | null = null;

  has(id: string): boolean {
    return this.chosen().has(id);
  }

  toggle(id: string): void {
    const chosen = new Set(this.chosen());
    if (!chosen.delete(id)) chosen.add(id);
    this.chosen.set(chosen);
    this.anchor = id;
  }

  /** From the anchor to `id` in `order`, all chosen; without an anchor still shown, `id` alone. */
  extendTo(id: string, order: readonly string[]): void {
    const from = this.anchor === null ? -1 : order.indexOf(this.anchor);
    const to = order.indexOf(id);
    if (from < 0 || to < 0) return this.toggle(id);
    const [start, end] = from < to ? [from, to] : [to, from];
    this.chosen.set(new Set([...this.chosen(), ...order.slice(start, end + 1)]));
    this.anchor = id;
  }

  /** Keeps only what is still shown: an image deleted, or a list started over, is no longer chosen. */
  keepOnly(shown: readonly string[]): void {
    const visible = new Set(shown);
    const chosen = [...this.chosen()].filter((id) => visible.has(id));
    if (chosen.length !== this.size()) this.chosen.set(new Set(chosen));
    if (this.anchor !== null && !visible.has(this.anchor)) this.anchor = null;
  }

  clear(): void {
    this.chosen.set(new Set());
    this.anchor = null;
  }
}
