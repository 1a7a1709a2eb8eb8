import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import {
  type AcceptInvitationRequest,
  type AuthenticationResponse,
  ErrorCode,
  type LoginRequest,
  type LoginResponse,
  type MfaLoginRequest,
  type PasskeyLoginRequest,
  type Problem,
  type ReauthRequest,
  type RefreshResponse,
  type Scope,
  type SignupRequest,
  type User,
} from '@lightbox/auth-contracts';
import { firstValueFrom, timeout } from 'rxjs';
import { apiUrl } from '../api';
import { problemOf } from '../problem';

/** Tabs tell each other about a logout on this channel. */
const CHANNEL_NAME = 'lightbox-auth';
/** Held while the refresh cookie is spent or revoked, so two tabs never send the same one at once. */
const SESSION_LOCK = 'lightbox-session';
/**
 * Set while this browser holds a session. The refresh cookie is httpOnly, so without this a
 * visitor's every page load would ask for a refresh only to hear 401.
 */
const SESSION_HINT = 'lightbox.session';
/** A token this close to its expiry is refreshed before it is sent (public routes ignore an expired one). */
const EXPIRY_MARGIN_MS = 30_000;
/**
 * How long start-up waits for the session before showing the app signed out (the refresh goes on
 * and signs the user in when it answers), and how long anything waits for the lock.
 */
const WAIT_MS = 10_000;

type SessionMessage = { type: 'logout' };

/**
 * What a refresh came to: a new token; the session is over (the server refused it, or the user
 * logged out meanwhile); or no answer (network, server error), which leaves the session as it was.
 */
export type RefreshOutcome = 'refreshed' | 'ended' | 'failed';

/** The second step of a login, as the `mfa_required` answer set it out. */
export type MfaChallenge = Required<Pick<Problem, 'mfa_token' | 'mfa_methods'>> & Pick<Problem, 'webauthn_options'>;

/** One second factor, to complete a login with: exactly one of the fields. */
export type SecondFactor = Omit<MfaLoginRequest, 'mfa_token'>;

/** What a password came to: signed in, or a second factor is asked for before the session starts. */
export type LoginOutcome = { readonly step: 'done'; readonly user: User } | { readonly step: 'second-factor'; readonly challenge: MfaChallenge };

function mfaChallengeOf(error: unknown): MfaChallenge | null {
  const { code, mfa_token, mfa_methods, webauthn_options } = problemOf(error);
  if (code !== ErrorCode.MfaRequired || !mfa_token || !mfa_methods) return null;
  return { mfa_token, mfa_methods, webauthn_options };
}

function sameUser(a: User | null, b: User | null): boolean {
  if (a === null || b === null) return a === b;
  return a.id === b.id && a.username === b.username && a.role === b.role && a.scopes.join() === b.scopes.join();
}

/**
 * The signed-in user, as signals. The access token lives only in this object's memory; the
 * refresh token only in the httpOnly cookie, which a reload spends to restore the session.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL_NAME);

  /** A refreshed token for the same user changes nothing a page shows, so it wakes no effect. */
  private readonly currentUser = signal<User | null>(null, { equal: sameUser });
  private readonly enrolmentRequired = signal(false);
  private token: string | null = null;
  private expiresAt = 0;
  /** Counts ended sessions: a refresh that answers after a logout is for a session that is gone. */
  private generation = 0;
  private refreshing: Promise<RefreshOutcome> | null = null;

  readonly user = this.currentUser.asReadonly();
  readonly isAuthenticated = computed(() => this.currentUser() !== null);
  /**
   * The security policy asks this person for a second factor they do not have yet: until they
   * enrol one, their token holds no scopes and only the Security page is of use to them.
   */
  readonly mustEnrol = this.enrolmentRequired.asReadonly();

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

  /** True when the token expires within the margin: it should be refreshed before it is sent. */
  tokenIsStale(): boolean {
    return this.token !== null && Date.now() >= this.expiresAt - EXPIRY_MARGIN_MS;
  }

  hasScope(scope: Scope): boolean {
    return this.currentUser()?.scopes.includes(scope) ?? false;
  }

  /** The first step of a login; a person with a second factor is asked for it next (`completeMfa`). */
  async login(credentials: LoginRequest): Promise<LoginOutcome> {
    try {
      return { step: 'done', user: await this.signIn(apiUrl('auth', 'login'), credentials) };
    } catch (error) {
      const challenge = mfaChallengeOf(error);
      if (challenge) return { step: 'second-factor', challenge };
      throw error;
    }
  }

  /** The second step: the challenge's token (good for 5 minutes, once) with one factor. */
  completeMfa(mfaToken: string, factor: SecondFactor): Promise<User> {
    return this.signIn(apiUrl('auth', 'mfa'), { mfa_token: mfaToken, ...factor } satisfies MfaLoginRequest);
  }

  /** A passkey alone, no username or password: its answer to options asked for without a token. */
  loginWithPasskey(webauthn: AuthenticationResponse): Promise<User> {
    return this.signIn(apiUrl('auth', 'passkeys', 'login'), { webauthn } satisfies PasskeyLoginRequest);
  }

  /** Joins with an invitation: the account it makes is signed in, as by a login. */
  join(invitation: AcceptInvitationRequest): Promise<User> {
    return this.signIn(apiUrl('invitations', 'accept'), invitation);
  }

  /** Makes an account where the server lets anyone (open sign-up): it is signed in, as by a login. */
  signUp(account: SignupRequest): Promise<User> {
    return this.signIn(apiUrl('auth', 'signup'), account);
  }

  /**
   * Proves it is still the person (step-up): the answer is a new access token with a fresh
   * `auth_time`, for the same session and cookie. A refresh in flight is waited for first, so
   * its older token cannot land after this one; a stale token is refreshed first, as the
   * interceptor would. A logout meanwhile wins: its answer is dropped.
   */
  async reauthenticate(proof: ReauthRequest): Promise<void> {
    await (this.tokenIsStale() ? this.refresh() : this.refreshing);
    const generation = this.generation;
    const answer = await firstValueFrom(this.http.post<LoginResponse>(apiUrl('auth', 'reauth'), proof));
    if (generation === this.generation) this.startSession(answer);
  }

  /**
   * Signs the user in from the refresh cookie when this browser had a session: before the first
   * navigation, and again by a guard if that attempt got no answer. True when signed in.
   */
  async restore(): Promise<boolean> {
    if (this.isAuthenticated()) return true;
    if (!localStorage.getItem(SESSION_HINT)) return false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise((resolve) => (timer = setTimeout(resolve, WAIT_MS)));
    try {
      await Promise.race([this.refresh(), gaveUp]);
    } finally {
      clearTimeout(timer);
    }
    return this.isAuthenticated();
  }

  /**
   * Exchanges the refresh cookie for a new access token. Callers that arrive while one is in
   * flight share it; across tabs the session lock runs them one after another. A session that
   * ends while the refresh waits for the lock or for its answer is not brought back by it.
   */
  refresh(): Promise<RefreshOutcome> {
    if (!this.refreshing) {
      const generation = this.generation;
      const refreshing = this.withSessionLock(() => this.requestRefresh(generation)).finally(() => {
        if (this.refreshing === refreshing) this.refreshing = null;
      });
      this.refreshing = refreshing;
    }
    return this.refreshing;
  }

  /** Ends the session here and in every other tab at once, then on the server. */
  async logout(): Promise<void> {
    const token = this.token;
    this.endSession();
    this.tellOtherTabs();
    const headers = token ? { Authorization: `Bearer ${token}` } : undefined;
    try {
      await this.withSessionLock(() =>
        firstValueFrom(this.http.post<void>(apiUrl('auth', 'logout'), null, { headers }).pipe(timeout(WAIT_MS))),
      );
    } catch {
      // The cookie may be gone already or the server down: the session has ended here all the same.
    }
  }

  /**
   * No time limit on the request itself: a client that gave up after the server rotated the
   * cookie would send the old one next, which the server takes for theft and ends the session.
   */
  private async requestRefresh(generation: number): Promise<RefreshOutcome> {
    if (generation !== this.generation) return 'ended';
    try {
      const answer = await firstValueFrom(this.http.post<RefreshResponse>(apiUrl('auth', 'refresh'), null));
      if (generation !== this.generation) return 'ended';
      this.startSession(answer);
      return 'refreshed';
    } catch (error) {
      if (!(error instanceof HttpErrorResponse && error.status === 401)) return 'failed';
      if (generation !== this.generation) return 'ended';
      // The cookie is shared: a session the server refused is over in every tab.
      this.endSession();
      this.tellOtherTabs();
      return 'ended';
    }
  }

  /** Under the session lock, so a logout still waiting for it cannot revoke the new session. */
  private async signIn(url: string, body: object): Promise<User> {
    const answer = await this.withSessionLock(() => firstValueFrom(this.http.post<LoginResponse>(url, body)));
    this.startSession(answer);
    return answer.user;
  }

  /** Web Locks exist in secure contexts only (https, localhost); elsewhere tabs take their chances. */
  private async withSessionLock<T>(task: () => Promise<T>): Promise<T> {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    if (!locks) return task();
    return (await locks.request(SESSION_LOCK, { signal: AbortSignal.timeout(WAIT_MS) }, task)) as T;
  }

  private startSession(answer: LoginResponse): void {
    this.token = answer.access_token;
    this.expiresAt = Date.now() + answer.expires_in * 1000;
    this.currentUser.set(answer.user);
    this.enrolmentRequired.set(answer.mfa_enrolment_required === true);
    localStorage.setItem(SESSION_HINT, '1');
  }

  private endSession(): void {
    this.generation++;
    this.refreshing = null;
    this.token = null;
    this.currentUser.set(null);
    this.enrolmentRequired.set(false);
    localStorage.removeItem(SESSION_HINT);
  }

  private tellOtherTabs(): void {
    this.channel?.postMessage({ type: 'logout' } satisfies SessionMessage);
  }

  /** Another tab logged out: run this page's guards again, so a page that needs a session goes to login. */
  private endedElsewhere(): void {
    const wasSignedIn = this.isAuthenticated();
    this.endSession();
    if (wasSignedIn) void this.router.navigateByUrl(this.router.url, { onSameUrlNavigation: 'reload' });
  }
}
