import { afterEveryRender, Directive, ElementRef, inject } from '@angular/core';

/**
 * A table that becomes a card per row on a phone (styles.css, `table.cards`): each cell is labelled
 * with its column's heading, so the heading can be shown beside the value once the header row is
 * hidden. Rows that span the table (an empty list, a row's details) are left as they are.
 */
@Directive({ selector: 'table[lbxCards]', host: { class: 'cards' } })
export class CardTable {
  constructor() {
    const table = inject<ElementRef<HTMLTableElement>>(ElementRef).nativeElement;
    afterEveryRender({ write: () => labelCells(table) });
  }
}

function labelCells(table: HTMLTableElement): void {
  // A heading only a screen reader reads ("Actions") labels nothing on screen either.
  const labels = Array.from(table.tHead?.rows[0]?.cells ?? [], (heading) => (heading.querySelector('.visually-hidden') ? '' : (heading.textContent?.trim() ?? '')));
  for (const body of Array.from(table.tBodies)) {
    for (const row of Array.from(body.rows)) {
      if (row.cells.length !== labels.length) continue;
      Array.from(row.cells).forEach((cell, column) => {
        if (labels[column] && cell.dataset['label'] !== labels[column]) cell.dataset['label'] = labels[column];
      });
    }
  }
}
