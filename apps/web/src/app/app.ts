import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked, viewChild, ViewContainerRef } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { SHARE_PAGE_PATH } from '@lightbox/auth-contracts';
import { AuthService } from './core/auth/auth-service';
import { mayManageOthers } from './core/auth/may-manage-others';
import { StepUp } from './core/auth/step-up';
import { ThemeService } from './core/theme';

@Component({
  selector: 'lbx-root',
  imports: [RouterLink, RouterLinkActive, RouterOutlet],
  templateUrl: './app.html',
  styleUrl: './app.css',
  host: { '(document:keydown.escape)': 'closeMenu()' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  protected readonly auth = inject(AuthService);
  protected readonly theme = inject(ThemeService);
  private readonly router = inject(Router);
  private readonly stepUpHost = viewChild.required('stepUpDialog', { read: ViewContainerRef });
  private stepUpDialog: Promise<unknown> | null = null;

  protected readonly mayManageOthers = computed(() => mayManageOthers(this.auth.user()));
  /** A share link's page shows what the link opens, and none of the app's own links or controls. */
  protected readonly onSharePage = signal(false);
  /** On a phone the links are behind "Menu"; a page opened from it closes it. */
  protected readonly menuOpen = signal(false);

  constructor() {
    const stepUp = inject(StepUp);
    effect(() => {
      if (stepUp.asking()) untracked(() => this.loadStepUpDialog());
    });
  }

  protected pageShown(): void {
    this.onSharePage.set(this.router.url.startsWith(SHARE_PAGE_PATH));
    this.menuOpen.set(false);
  }

  /** Escape closes the menu and gives focus back to its button, as a disclosure does. */
  protected closeMenu(): void {
    if (!this.menuOpen()) return;
    this.menuOpen.set(false);
    document.querySelector<HTMLElement>('.menu-button')?.focus();
  }

  /** The session ends at once; the server is told in the background (it may wait for another tab's refresh). */
  protected logout(): Promise<boolean> {
    void this.auth.logout();
    return this.router.navigateByUrl('/');
  }

  /**
   * The re-authentication dialog is loaded the first time a route asks for it, and stays. An
   * @defer block would read better, but brings Angular's defer runtime into the first bundle.
   */
  private loadStepUpDialog(): void {
    this.stepUpDialog ??= import('./core/auth/step-up-dialog').then(({ StepUpDialog }) => this.stepUpHost().createComponent(StepUpDialog));
  }
}
