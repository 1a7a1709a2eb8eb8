import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ShareAccess, ShareAccessAction } from '@lightbox/auth-contracts';
import { CursorPages } from '../core/cursor-pages';
import { LoadMore } from '../core/load-more';
import { ShareLinksApi } from './share-links-api';
import { CardTable } from '../core/card-table';

const ACTIONS: Readonly<Record<ShareAccessAction, string>> = {
  opened: 'Opened the link',
  viewed: 'Looked at an image',
  downloaded: 'Downloaded an original',
};

/** Who opened a share link and what they looked at, newest first. */
@Component({
  selector: 'lbx-share-access-log',
  imports: [CardTable, DatePipe, LoadMore, RouterLink],
  template: `
    <table lbxCards>
      <caption class="visually-hidden">{{ caption() }}</caption>
      <thead>
        <tr><th scope="col">Time</th><th scope="col">What</th><th scope="col">IP</th><th scope="col">Browser</th></tr>
      </thead>
      <tbody>
        @for (access of accesses.items(); track $index) {
          <tr>
            <td>{{ access.at | date: 'medium' }}</td>
            <td>
              {{ actions[access.action] }}
              @if (access.image_id; as imageId) {
                (<a [routerLink]="['/images', imageId]">this one</a>)
              }
            </td>
            <td>{{ access.ip ?? '—' }}</td>
            <td class="browser">{{ access.user_agent ?? 'unknown' }}</td>
          </tr>
        } @empty {
          @if (!accesses.loading()) {
            <tr><td colspan="4" class="muted">Nobody has opened it yet.</td></tr>
          }
        }
      </tbody>
    </table>
    <lbx-load-more [pages]="accesses" />
  `,
  styles: `
    .browser {
      overflow-wrap: anywhere;
      min-width: 10rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShareAccessLog {
  private readonly api = inject(ShareLinksApi);

  readonly linkId = input.required<string>();
  readonly caption = input.required<string>();

  protected readonly actions = ACTIONS;
  protected readonly accesses = new CursorPages<ShareAccess>((cursor) => this.api.accesses(this.linkId(), cursor));

  constructor() {
    effect(() => {
      this.linkId();
      untracked(() => this.accesses.restart());
    });
  }
}
