import { HttpErrorResponse, HttpEvent, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, from, Observable, switchMap, throwError } from 'rxjs';
import { isApiUrl, isSessionEndpoint } from '../api';
import { AuthService, type RefreshOutcome } from './auth-service';

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
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiUrl(request.url)) return next(request);
  const auth = inject(AuthService);
  if (isSessionEndpoint(request.url)) return next(withToken(request, auth.accessToken()));
  const router = inject(Router);

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
