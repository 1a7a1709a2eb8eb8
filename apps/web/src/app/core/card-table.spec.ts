import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { CardTable } from './card-table';

@Component({
  imports: [CardTable],
  template: `
    <table lbxCards>
      <thead><tr><th>Name</th><th>Status</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody>
        @for (row of rows(); track row) {
          <tr><td>{{ row }}</td><td>active</td><td><button type="button">Revoke</button></td></tr>
        } @empty {
          <tr><td colspan="3">None yet.</td></tr>
        }
      </tbody>
    </table>
  `,
})
class Host {
  readonly rows = signal<string[]>([]);
}

describe('CardTable', () => {
  it('labels each cell with its column, rows added later too, and leaves a spanning row and hidden headings alone', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const table = (fixture.nativeElement as HTMLElement).querySelector('table');
    const labels = () => Array.from(table?.querySelectorAll('tbody td') ?? [], (cell) => cell.getAttribute('data-label'));
    expect(table?.classList.contains('cards')).toBe(true);
    expect(labels()).toEqual([null]);

    fixture.componentInstance.rows.set(['backup', 'uploader']);
    await fixture.whenStable();
    expect(labels()).toEqual(['Name', 'Status', null, 'Name', 'Status', null]);
  });
});
