import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, signal } from '@angular/core';

/**
 * The API's own refusal (401 step_up_required), passed to the caller when the person cancelled
 * the step-up: the same status, body and headers, under a type that lets a page show nothing,
 * since nothing happened that the person did not choose.
 */
export class StepUpCancelled extends HttpErrorResponse {
  constructor(refusal: HttpErrorResponse) {
    super({ error: refusal.error, headers: refusal.headers, status: refusal.status, statusText: refusal.statusText, url: refusal.url ?? undefined });
  }
}

/**
 * Asks the person to prove again that it is them, when a route wants a recent sign-in with their
 * strongest factor. Every request that meets the refusal while the question is open waits for
 * the same answer, as they all wait for one refresh: one dialog, however many requests. The
 * dialog (StepUpDialog) shows while `asking` and ends it with `finish`.
 */
@Injectable({ providedIn: 'root' })
export class StepUp {
  private readonly open = signal(false);
  private answer: Promise<boolean> | null = null;
  private settle: ((confirmed: boolean) => void) | null = null;
  private lastFocused: HTMLElement | null = null;

  readonly asking = this.open.asReadonly();

  constructor() {
    document.addEventListener('focusin', ({ target }) => {
      if (target instanceof HTMLElement) this.lastFocused = target;
    });
  }

  /**
   * Where focus goes back to when the dialog closes. By the time the refusal comes, the page has
   * often disabled the button that sent the request, and the browser has moved focus off it: then
   * it is the element that had focus last.
   */
  opener(): HTMLElement | null {
    const active = document.activeElement;
    if (active instanceof HTMLElement && active !== document.body) return active;
    return this.lastFocused?.isConnected ? this.lastFocused : null;
  }

  /** True once the person has confirmed (AuthService then holds the new token); false if they cancel. */
  confirm(): Promise<boolean> {
    this.answer ??= new Promise<boolean>((resolve) => {
      this.settle = resolve;
      this.open.set(true);
    });
    return this.answer;
  }

  /** The dialog's answer, for everyone waiting; a request refused after it asks again. */
  finish(confirmed: boolean): void {
    const settle = this.settle;
    this.answer = null;
    this.settle = null;
    this.open.set(false);
    settle?.(confirmed);
  }
}
