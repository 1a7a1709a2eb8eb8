import { ChangeDetectionStrategy, Component, effect, input, signal, untracked } from '@angular/core';
import { copyOrSelect } from '../core/clipboard';
import { qrCodeImage } from './qr-code';

/**
 * A secret link shown once (a share link, an invitation): the link itself, a Copy button, and a QR
 * code to open it with a phone's camera, which follows when its encoder has loaded.
 */
@Component({
  selector: 'lbx-link-to-copy',
  template: `
    <p class="link-row">
      <code #shown [attr.data-testid]="testId()">{{ url() }}</code>
      <button type="button" class="button" (click)="copy(shown)">{{ copied() ? 'Copied' : 'Copy' }}</button>
    </p>
    @if (copyHint()) {
      <p role="status">This browser does not let the page copy. The link is selected: press Ctrl+C (⌘C on a Mac).</p>
    }
    @if (qrCode(); as image) {
      <img class="qr" [src]="image" alt="QR code of the link, to open it with a phone's camera" width="192" height="192" />
    }
  `,
  styleUrl: './link-to-copy.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LinkToCopy {
  readonly url = input.required<string>();
  /** For the browser tests, which read the link from the page as a person would copy it. */
  readonly testId = input<string>();

  protected readonly qrCode = signal<string | null>(null);
  protected readonly copied = signal(false);
  protected readonly copyHint = signal(false);

  constructor() {
    effect(() => {
      const url = this.url();
      untracked(() => this.show(url));
    });
  }

  protected async copy(shown: HTMLElement): Promise<void> {
    if (await copyOrSelect(this.url(), shown)) this.copied.set(true);
    else this.copyHint.set(true);
  }

  private show(url: string): void {
    this.qrCode.set(null);
    this.copied.set(false);
    this.copyHint.set(false);
    qrCodeImage(url).then(
      (image) => {
        if (this.url() === url) this.qrCode.set(image);
      },
      () => undefined, // the link can be copied all the same
    );
  }
}
