import { HttpErrorResponse, HttpEvent, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { ErrorCode } from '@lightbox/auth-contracts';
import { catchError, from, Observable, switchMap, throwError } from 'rxjs';
import { isApiUrl, isSessionEndpoint, isShareRequest } from '../api';
import { hasCode } from '../problem';
import { AuthService, type RefreshOutcome } from './auth-service';
import { StepUp, StepUpCancelled } from './step-up';

function withToken(request: HttpRequest<unknown>, token: string | null): HttpRequest<unknown> {
  return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
}

/** Sends the user to log in and back; the many requests a refused refresh fails all agree on where. */
function askToLogIn(router: Router): void {
  const returnUrl = router.url;
  if (!returnUrl.startsWith('/login')) void router.navigate(['/login'], { queryParams: { returnUrl } });
}

/**
 * Sends the access token to this API and nowhere else. A token about to expire is refreshed
 * first. A 401 means the token ran out anyway: every request that meets one waits for the same
 * single refresh and is retried once; if the server refuses the refresh, the session is over and
 * the user is asked to log in, then brought back.
 *
 * A 401 step_up_required is not about the token but about how long ago, and with what, the person
 * signed in: every request that meets one waits for the same re-authentication dialog and is
 * retried once with the token it brings; if the person cancels, the caller gets the refusal as
 * a StepUpCancelled, so that the page can leave itself as it was.
 *
 * A share link's requests go as they are: no token, and their 401 is the link's answer (a
 * password is needed, the share token ran out), never a reason to refresh or to log in.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiUrl(request.url) || isShareRequest(request)) return next(request);
  const auth = inject(AuthService);
  if (isSessionEndpoint(request.url)) return next(withToken(request, auth.accessToken()));
  const router = inject(Router);
  const stepUp = inject(StepUp);

  let sentToken: string | null = null;
  const send = (): Observable<HttpEvent<unknown>> => {
    sentToken = auth.accessToken();
    return next(withToken(request, sentToken));
  };
  const firstTry = auth.tokenIsStale() ? from(auth.refresh()).pipe(switchMap(send)) : send();

  return firstTry.pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401) return throwError(() => error);
      const current = auth.accessToken();
      // The session ended while this request was out (a logout): nothing to refresh, nowhere to send the user.
      if (sentToken !== null && current === null) return throwError(() => error);
      if (hasCode(error, ErrorCode.StepUpRequired)) {
        // A step-up finished while this request was out: retry with its token before asking again.
        const confirmed = current !== sentToken ? Promise.resolve(true) : stepUp.confirm();
        return from(confirmed).pipe(switchMap((yes) => (yes ? send() : throwError(() => new StepUpCancelled(error)))));
      }
      // No session was sent; or a refresh finished while this request was out: retry with its token.
      const outcome: Promise<RefreshOutcome> =
        sentToken === null ? Promise.resolve('ended') : current !== sentToken ? Promise.resolve('refreshed') : auth.refresh();
      return from(outcome).pipe(
        switchMap((result) => {
          if (result === 'refreshed') return send();
          if (result === 'ended') askToLogIn(router);
          return throwError(() => error);
        }),
      );
    }),
  );
};
