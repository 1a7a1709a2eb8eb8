import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import type { Image } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { UserAction } from '../core/user-action';
import { fileNameOf, saveFile } from './save-file';
import { ShareVisit } from './share-visit';

/** Downloads the original of a shared image; shown only where the link allows downloads. */
@Component({
  selector: 'lbx-download-button',
  template: `
    <button class="button quiet" type="button" (click)="download()" [attr.aria-busy]="action.busy()">
      {{ action.busy() ? 'Downloading…' : 'Download' }}
    </button>
    @if (action.error(); as message) {
      <span class="error" role="alert">{{ message }}</span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DownloadButton {
  private readonly visit = inject(ShareVisit);

  readonly image = input.required<Image>();

  protected readonly action = new UserAction();

  /** A press while one runs is ignored: the button stays enabled, so that it keeps the focus. */
  protected async download(): Promise<void> {
    if (this.action.busy()) return;
    const image = this.image();
    await this.action.run(async () => saveFile(await firstValueFrom(this.visit.bytes(image.id, 'file')), fileNameOf(image)));
  }
}
