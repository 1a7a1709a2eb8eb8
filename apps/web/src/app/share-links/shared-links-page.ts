import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ShareLink, ShareLinkStatus, UpdateShareLinkRequest } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { Autofocus } from '../core/autofocus';
import { CursorPages } from '../core/cursor-pages';
import { LoadMore } from '../core/load-more';
import { UserAction } from '../core/user-action';
import { expiryIn, LINK_LIFETIMES } from './link-lifetimes';
import { ShareAccessLog } from './share-access-log';
import { ShareLinksApi } from './share-links-api';
import { CardTable } from '../core/card-table';

const STATUSES: Readonly<Record<ShareLinkStatus, string>> = {
  active: 'active',
  expired: 'expired',
  revoked: 'revoked',
  view_limit_reached: 'used up',
};

/** How the page names a link: by its label, else by the first characters of its token. */
export const nameOfLink = (link: ShareLink) => link.label || `${link.prefix}…`;

@Component({
  selector: 'lbx-shared-links-page',
  imports: [Autofocus, CardTable, DatePipe, LoadMore, RouterLink, ShareAccessLog],
  templateUrl: './shared-links-page.html',
  styleUrl: './shared-links-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SharedLinksPage {
  private readonly api = inject(ShareLinksApi);

  /** From the query string, the id of an album or of an image: only its links (their pages link here). */
  readonly album = input<string>();
  readonly image = input<string>();

  protected readonly statuses = STATUSES;
  protected readonly lifetimes = LINK_LIFETIMES;
  protected readonly nameOf = nameOfLink;
  protected readonly filtered = computed(() => Boolean(this.album() || this.image()));
  protected readonly links = new CursorPages<ShareLink>((cursor) => this.api.list({ album_id: this.album(), image_id: this.image() }, cursor));
  protected readonly action = new UserAction();
  protected readonly notice = signal<string | null>(null);
  protected readonly confirming = signal<{ id: string; action: 'revoke' | 'expiry' } | null>(null);
  protected readonly logsShown = signal<ReadonlySet<string>>(new Set());

  constructor() {
    effect(() => {
      this.album();
      this.image();
      untracked(() => this.links.restart());
    });
  }

  /** The link stops opening at once; it stays in the list, revoked. */
  protected async revoke(link: ShareLink): Promise<void> {
    this.notice.set(null);
    const revoked = await this.action.run(async () => {
      await firstValueFrom(this.api.revoke(link.id));
      this.replace(await firstValueFrom(this.api.get(link.id)));
    });
    this.confirming.set(null);
    if (revoked) this.notice.set(`The link ${nameOfLink(link)} no longer opens.`);
  }

  protected async allowDownload(link: ShareLink, allowed: boolean): Promise<void> {
    if (await this.change(link, { allow_download: allowed })) {
      this.notice.set(allowed ? `Visitors of ${nameOfLink(link)} can download the originals now.` : `Visitors of ${nameOfLink(link)} can no longer download the originals.`);
    }
  }

  protected async changeExpiry(link: ShareLink, choice: string): Promise<void> {
    const days = choice === 'never' ? null : Number(choice);
    if (await this.change(link, { expires_at: expiryIn(days) })) {
      this.confirming.set(null);
      this.notice.set(`The expiry of ${nameOfLink(link)} is changed.`);
    }
  }

  protected toggleLog(link: ShareLink): void {
    this.logsShown.update((shown) => {
      const next = new Set(shown);
      if (!next.delete(link.id)) next.add(link.id);
      return next;
    });
  }

  private async change(link: ShareLink, change: UpdateShareLinkRequest): Promise<boolean> {
    this.notice.set(null);
    return this.action.run(async () => this.replace(await firstValueFrom(this.api.update(link.id, change))));
  }

  /** In its place: the list keeps its order and the pages loaded. */
  private replace(link: ShareLink): void {
    this.links.items.update((links) => links.map((shown) => (shown.id === link.id ? link : shown)));
  }
}
