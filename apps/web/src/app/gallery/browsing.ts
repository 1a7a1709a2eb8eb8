import { Injectable, signal } from '@angular/core';

/** Where the person browsed from: the list's address and its name, for the way back. */
export interface BrowsedList {
  readonly url: string;
  readonly label: string;
  readonly ids: readonly string[];
}

const GALLERY: BrowsedList = { url: '/', label: 'Gallery', ids: [] };

/**
 * The list of images the person last looked at (the gallery as filtered, or an album), so that
 * an image opened from it can step to its neighbours and lead back to it. An image opened from
 * anywhere else has no neighbours, and leads back to the gallery.
 */
@Injectable({ providedIn: 'root' })
export class Browsing {
  private readonly list = signal<BrowsedList>(GALLERY);

  remember(list: BrowsedList): void {
    this.list.set(list);
  }

  /** The way back from `id`, and its neighbours in the list it was opened from. */
  around(id: string): { back: BrowsedList; previous: string | null; next: string | null } {
    const list = this.list();
    const at = list.ids.indexOf(id);
    if (at < 0) return { back: GALLERY, previous: null, next: null };
    return { back: list, previous: list.ids[at - 1] ?? null, next: list.ids[at + 1] ?? null };
  }
}
