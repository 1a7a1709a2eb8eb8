import { afterNextRender, ChangeDetectionStrategy, Component, computed, ElementRef, inject, Injector, input, output, signal, viewChild } from '@angular/core';
import type { SecondFactors } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { hasSecondFactor } from '../../core/auth/second-factors-api';
import { Autofocus } from '../../core/autofocus';
import { copyOrSelect } from '../../core/clipboard';
import { UserAction } from '../../core/user-action';
import { SecurityApi } from './security-api';

const DOWNLOAD_NAME = 'lightbox-recovery-codes.txt';

/**
 * Ten single-use codes for the day the passkeys and the phone are gone. The API sends them once,
 * when they are made; the page shows them until the person says they are saved.
 */
@Component({
  selector: 'lbx-recovery-codes-section',
  imports: [Autofocus],
  templateUrl: './recovery-codes-section.html',
  styleUrl: './recovery-codes-section.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecoveryCodesSection {
  private readonly api = inject(SecurityApi);
  private readonly injector = inject(Injector);

  readonly factors = input.required<SecondFactors>();
  /** New codes were made: the count the page shows has changed. */
  readonly changed = output<void>();

  /** The API answers 409 to anyone without a factor: codes only recover one. */
  protected readonly hasFactor = computed(() => hasSecondFactor(this.factors()));
  protected readonly codes = signal<string[] | null>(null);
  protected readonly confirming = signal(false);
  protected readonly copied = signal(false);
  protected readonly copyHint = signal(false);
  protected readonly action = new UserAction();
  private readonly codesHeading = viewChild<ElementRef<HTMLElement>>('codesHeading');

  /** Also run by the page, right after a first factor is added. */
  async generate(): Promise<void> {
    const made = await this.action.run(async () => {
      const { codes } = await firstValueFrom(this.api.newRecoveryCodes());
      this.codes.set(codes);
      this.copied.set(false);
      this.copyHint.set(false);
      afterNextRender(() => this.codesHeading()?.nativeElement.focus(), { injector: this.injector });
    });
    this.confirming.set(false);
    if (made) this.changed.emit();
  }

  protected async copy(codes: string[], shown: HTMLElement): Promise<void> {
    if (await copyOrSelect(codes.join('\n'), shown)) this.copied.set(true);
    else this.copyHint.set(true);
  }

  /** A text file, made in the browser: the codes never travel again. */
  protected download(codes: string[]): void {
    const url = URL.createObjectURL(new Blob([`Lightbox recovery codes (each works once)\n\n${codes.join('\n')}\n`], { type: 'text/plain' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: DOWNLOAD_NAME });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url));
  }
}
