import { ChangeDetectionStrategy, Component, computed, ElementRef, input, signal, viewChild } from '@angular/core';
import type { Image } from '@lightbox/auth-contracts';
import { FocusReturn } from '../core/dialog-focus';
import { DownloadButton } from './download-button';
import { SharedImageSource } from './shared-image-source';

/**
 * A shared album's images one at a time, large: previous, next (also by the arrow keys), and a
 * download where the link allows it. A native modal <dialog>: Escape closes it, and focus goes
 * back to the thumbnail it was opened from. Open it with `open(index)`.
 */
@Component({
  selector: 'lbx-image-viewer',
  imports: [DownloadButton, SharedImageSource],
  host: { '(keydown.arrowleft)': 'go(-1)', '(keydown.arrowright)': 'go(1)' },
  template: `
    <dialog #dialog class="viewer" aria-labelledby="viewer-title" (close)="closed()">
      @if (current(); as image) {
        <div class="heading">
          <h2 id="viewer-title">{{ image.title || 'Untitled' }}</h2>
          <span class="muted">{{ index() + 1 }} of {{ images().length }}</span>
        </div>
        <img [lbxSharedImage]="image.id" variant="preview" [alt]="image.title || 'Untitled image'" [width]="image.width" [height]="image.height" />
        <div class="actions">
          <button class="button quiet" type="button" (click)="go(-1)" [attr.aria-disabled]="index() === 0 || null">Previous</button>
          <button class="button quiet" type="button" (click)="go(1)" [attr.aria-disabled]="index() === images().length - 1 || null">Next</button>
          @if (allowDownload()) {
            <lbx-download-button [image]="image" />
          }
          <button class="button" type="button" (click)="close()">Close</button>
        </div>
      }
    </dialog>
  `,
  styleUrl: './image-viewer.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImageViewer {
  readonly images = input.required<readonly Image[]>();
  readonly allowDownload = input.required<boolean>();

  protected readonly index = signal(0);
  /** Nothing is fetched while the viewer is closed. */
  private readonly showing = signal(false);
  protected readonly current = computed(() => (this.showing() ? (this.images()[this.index()] ?? null) : null));
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly focusReturn = new FocusReturn();

  open(index: number): void {
    this.index.set(index);
    this.showing.set(true);
    this.focusReturn.showModal(this.dialog().nativeElement);
  }

  /** At either end the button stays (aria-disabled, not disabled), so that it keeps the focus. */
  protected go(by: -1 | 1): void {
    const next = this.index() + by;
    if (next >= 0 && next < this.images().length) this.index.set(next);
  }

  protected close(): void {
    this.dialog().nativeElement.close();
  }

  protected closed(): void {
    this.showing.set(false);
    this.focusReturn.closed(this.dialog().nativeElement);
  }
}
