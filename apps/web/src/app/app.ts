import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from './core/auth/auth-service';
import { mayManageOthers } from './core/auth/may-manage-others';

@Component({
  selector: 'lbx-root',
  imports: [RouterLink, RouterLinkActive, RouterOutlet],
  templateUrl: './app.html',
  styleUrl: './app.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly mayManageOthers = computed(() => mayManageOthers(this.auth.user()));

  /** The session ends at once; the server is told in the background (it may wait for another tab's refresh). */
  protected logout(): Promise<boolean> {
    void this.auth.logout();
    return this.router.navigateByUrl('/');
  }
}
