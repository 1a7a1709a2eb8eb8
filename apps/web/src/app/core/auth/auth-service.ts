import { HttpClient } from '@angular/common/http';
import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { LoginRequest, LoginResponse, RefreshResponse, Scope, User } from '@lightbox/auth-contracts';
import { firstValueFrom } from 'rxjs';
import { API_BASE } from '../api';

/** Tabs tell each other about a logout on this channel. */
const CHANNEL_NAME = 'lightbox-auth';
/** Held while a refresh is in flight, so two tabs never spend the same refresh cookie. */
const REFRESH_LOCK = 'lightbox-refresh';
/**
 * Set while this browser holds a session. The refresh cookie is httpOnly, so without this a
 * visitor's every page load would ask for a refresh only to hear 401.
 */
const SESSION_HINT = 'lightbox.session';

type SessionMessage = { type: 'logout' };

/**
 * The signed-in user, as signals. The access token lives only in this object's memory; the
 * refresh token only in the httpOnly cookie, which a reload spends to restore the session.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL_NAME);

  private readonly currentUser = signal<User | null>(null);
  private token: string | null = null;
  private refreshing: Promise<boolean> | null = null;

  readonly user = this.currentUser.asReadonly();
  readonly isAuthenticated = computed(() => this.currentUser() !== null);

  constructor() {
    if (this.channel) {
      this.channel.onmessage = ({ data }: MessageEvent<SessionMessage>) => {
        if (data?.type === 'logout') this.endedElsewhere();
      };
      inject(DestroyRef).onDestroy(() => this.channel?.close());
    }
  }

  /** The access token for the interceptor; never stored anywhere else. */
  accessToken(): string | null {
    return this.token;
  }

  hasScope(scope: Scope): boolean {
    return this.currentUser()?.scopes.includes(scope) ?? false;
  }

  async login(credentials: LoginRequest): Promise<User> {
    const answer = await firstValueFrom(this.http.post<LoginResponse>(`${API_BASE}/auth/login`, credentials));
    this.startSession(answer);
    return answer.user;
  }

  /** Run once before the first navigation: a reload keeps the user signed in. */
  async restore(): Promise<void> {
    if (localStorage.getItem(SESSION_HINT)) await this.refresh();
  }

  /**
   * Exchanges the refresh cookie for a new access token. Callers that arrive while one is in
   * flight share it; across tabs a Web Lock runs them one after another.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.withRefreshLock(() => this.requestRefresh()).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** Ends the session on the server (best effort), here and in every other tab. */
  async logout(): Promise<void> {
    try {
      await firstValueFrom(this.http.post<void>(`${API_BASE}/auth/logout`, null));
    } catch {
      // The cookie may be gone already or the server down: the session ends here all the same.
    }
    this.endSession();
    this.channel?.postMessage({ type: 'logout' } satisfies SessionMessage);
  }

  private async requestRefresh(): Promise<boolean> {
    try {
      this.startSession(await firstValueFrom(this.http.post<RefreshResponse>(`${API_BASE}/auth/refresh`, null)));
      return true;
    } catch {
      this.endSession();
      return false;
    }
  }

  private async withRefreshLock(task: () => Promise<boolean>): Promise<boolean> {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    return locks ? await locks.request(REFRESH_LOCK, task) : task();
  }

  private startSession(answer: LoginResponse): void {
    this.token = answer.access_token;
    this.currentUser.set(answer.user);
    localStorage.setItem(SESSION_HINT, '1');
  }

  private endSession(): void {
    this.token = null;
    this.currentUser.set(null);
    localStorage.removeItem(SESSION_HINT);
  }

  /** Another tab logged out: run this page's guards again, so a page that needs a session goes to login. */
  private endedElsewhere(): void {
    if (!this.isAuthenticated()) return;
    this.endSession();
    void this.router.navigateByUrl(this.router.url, { onSameUrlNavigation: 'reload' });
  }
}
