import { afterNextRender, ChangeDetectionStrategy, Component, effect, ElementRef, inject, Injector, input, signal, untracked, viewChild } from '@angular/core';
import { MAX_SHARE_LINK_PASSWORD_LENGTH } from '@lightbox/auth-contracts';
import { Autofocus } from '../core/autofocus';
import { type LinkEnd, ShareVisit } from './share-visit';
import { SharedAlbum } from './shared-album';
import { SharedImage } from './shared-image';

/** Why a link does not open, in the visitor's words: a heading, and what they can do. */
const ENDS: Readonly<Record<LinkEnd, { title: string; text: string }>> = {
  unknown: {
    title: 'This link does not work',
    text: 'There is nothing at this address. Check that the whole link was copied, or ask the person who sent it for a new one.',
  },
  expired: {
    title: 'This link has expired',
    text: 'It was shared for a limited time, and that time is over. Ask the person who sent it for a new link.',
  },
  revoked: {
    title: 'This link has been turned off',
    text: 'The person who shared it has stopped sharing it. Ask them if you still need it.',
  },
  view_limit_reached: {
    title: 'This link has been used up',
    text: 'It could be opened only a set number of times, and it has been. Ask the person who sent it for a new link.',
  },
};

/**
 * `/s/<token>`: what a share link opens, for anyone who holds it, signed in or not. The visit
 * (and its share token) belongs to this page and ends with it.
 */
@Component({
  selector: 'lbx-share-page',
  imports: [Autofocus, SharedAlbum, SharedImage],
  providers: [ShareVisit],
  templateUrl: './share-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SharePage {
  protected readonly share = inject(ShareVisit);
  private readonly injector = inject(Injector);
  private readonly passwordInput = viewChild<ElementRef<HTMLInputElement>>('password');

  /** The link's token, from the address. */
  readonly token = input.required<string>();

  protected readonly ends = ENDS;
  protected readonly maxPassword = MAX_SHARE_LINK_PASSWORD_LENGTH;
  protected readonly checking = signal(false);
  protected readonly formProblem = signal<string | null>(null);

  constructor() {
    effect(() => {
      const token = this.token();
      untracked(() => void this.share.open(token));
    });
  }

  protected async submitPassword(event: Event, password: string): Promise<void> {
    event.preventDefault();
    if (this.checking()) return;
    this.formProblem.set(password ? null : 'Enter the password.');
    if (!this.formProblem()) {
      this.checking.set(true);
      await this.share.open(this.token(), password);
      this.checking.set(false);
    }
    // Still asked (a wrong password, too many tries): the field again, emptied, for the next try.
    afterNextRender(
      () => {
        const input = this.passwordInput()?.nativeElement;
        if (!input) return;
        input.value = '';
        input.focus();
      },
      { injector: this.injector },
    );
  }

  protected tryAgain(): void {
    void this.share.open(this.token());
  }
}
