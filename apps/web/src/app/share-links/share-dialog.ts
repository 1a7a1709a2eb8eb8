import { DatePipe } from '@angular/common';
import { afterNextRender, ChangeDetectionStrategy, Component, computed, ElementRef, inject, Injector, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import {
  type CreatedShareLink,
  type CreateShareLinkRequest,
  MAX_SHARE_LINK_LABEL_LENGTH,
  MAX_SHARE_LINK_PASSWORD_LENGTH,
  MIN_SHARE_LINK_PASSWORD_LENGTH,
  SHARE_LINK_DEFAULT_TTL_DAYS,
  type ShareLinkTarget,
} from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { FocusReturn } from '../core/dialog-focus';
import { UserAction } from '../core/user-action';
import { expiryIn, LINK_LIFETIMES } from './link-lifetimes';
import { LinkToCopy } from './link-to-copy';
import { ShareLinksApi } from './share-links-api';

const MAX_VIEWS = 1_000_000;

/**
 * Makes a link that opens one album or image to whoever holds it, then shows it, this once, with a
 * QR code. A native modal <dialog>: the page behind is inert, Escape closes it, and focus goes
 * back where it was. Open it with `open(target)`.
 */
@Component({
  selector: 'lbx-share-dialog',
  imports: [DatePipe, LinkToCopy, ReactiveFormsModule],
  templateUrl: './share-dialog.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShareDialog {
  private readonly api = inject(ShareLinksApi);
  private readonly injector = inject(Injector);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly labelInput = viewChild<ElementRef<HTMLInputElement>>('labelInput');
  private readonly createdHeading = viewChild<ElementRef<HTMLElement>>('createdHeading');
  private readonly focusReturn = new FocusReturn();

  protected readonly lifetimes = LINK_LIFETIMES;
  protected readonly maxLabel = MAX_SHARE_LINK_LABEL_LENGTH;
  protected readonly minPassword = MIN_SHARE_LINK_PASSWORD_LENGTH;
  protected readonly maxPassword = MAX_SHARE_LINK_PASSWORD_LENGTH;
  protected readonly maxViews = MAX_VIEWS;
  protected readonly target = signal<ShareLinkTarget | null>(null);
  protected readonly what = computed(() => {
    const target = this.target();
    if (!target) return '';
    return target.title ? `“${target.title}”` : target.kind === 'album' ? 'this album' : 'this image';
  });
  protected readonly created = signal<CreatedShareLink | null>(null);
  protected readonly action = new UserAction();
  /** What the form itself finds wrong, before anything is sent. */
  protected readonly formProblem = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    label: [''],
    lifetimeDays: [SHARE_LINK_DEFAULT_TTL_DAYS as number | null],
    password: [''],
    allowDownload: [false],
    maxViews: [null as number | null],
  });

  open(target: ShareLinkTarget): void {
    this.target.set(target);
    this.created.set(null);
    this.form.reset();
    this.formProblem.set(null);
    this.action.error.set(null);
    this.focusReturn.showModal(this.dialog().nativeElement);
    afterNextRender(() => this.labelInput()?.nativeElement.focus(), { injector: this.injector });
  }

  protected close(): void {
    this.dialog().nativeElement.close();
  }

  /** Every way the dialog closes (Done, Cancel, Escape) ends here; the link shown is forgotten. */
  protected closed(): void {
    this.focusReturn.closed(this.dialog().nativeElement);
    this.created.set(null);
  }

  protected async create(target: ShareLinkTarget): Promise<void> {
    const request = this.request();
    if (!request) return;
    await this.action.run(async () => this.show(await firstValueFrom(this.api.create(target, request))));
  }

  /**
   * The request the form says, or null when the form finds something wrong. The usual lifetime is
   * left out, for the server to apply; "never" is said explicitly, as the API asks.
   */
  private request(): CreateShareLinkRequest | null {
    const { label, lifetimeDays, password, allowDownload, maxViews } = this.form.getRawValue();
    this.formProblem.set(
      password && [...password].length < MIN_SHARE_LINK_PASSWORD_LENGTH
        ? `Use at least ${MIN_SHARE_LINK_PASSWORD_LENGTH} characters for the password, or none.`
        : maxViews !== null && !(Number.isInteger(maxViews) && maxViews >= 1 && maxViews <= MAX_VIEWS)
          ? 'The number of views is a whole number, 1 or more; leave it empty for no limit.'
          : null,
    );
    if (this.formProblem()) return null;
    return {
      label: label.trim(),
      allow_download: allowDownload,
      ...(lifetimeDays === SHARE_LINK_DEFAULT_TTL_DAYS ? {} : { expires_at: expiryIn(lifetimeDays) }),
      ...(password ? { password } : {}),
      ...(maxViews !== null ? { max_views: maxViews } : {}),
    };
  }

  /** The link is shown this once: focus goes to it. */
  private show(link: CreatedShareLink): void {
    this.created.set(link);
    afterNextRender(() => this.createdHeading()?.nativeElement.focus(), { injector: this.injector });
  }
}
