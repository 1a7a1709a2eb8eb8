import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { isApiUrl, isSessionEndpoint } from '../api';
import { AuthService } from './auth-service';

function withToken(request: HttpRequest<unknown>, token: string | null): HttpRequest<unknown> {
  return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
}

/**
 * Sends the access token to this API and nowhere else. A 401 means the token expired: every
 * request that meets one waits for a single refresh and is retried once with the new token; if
 * the refresh fails, the session is over and the user is asked to log in, then brought back.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiUrl(request.url)) return next(request);
  const auth = inject(AuthService);
  const router = inject(Router);
  const sentToken = auth.accessToken();

  return next(withToken(request, sentToken)).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401 || isSessionEndpoint(request.url)) {
        return throwError(() => error);
      }
      // A refresh that finished while this request was out already gave a newer token: no second refresh.
      const refreshed = auth.accessToken() !== sentToken && auth.accessToken() !== null;
      return from(refreshed ? Promise.resolve(true) : auth.refresh()).pipe(
        switchMap((ok) => {
          if (ok) return next(withToken(request, auth.accessToken()));
          const returnUrl = router.url;
          return from(auth.logout()).pipe(
            switchMap(() => router.navigate(['/login'], { queryParams: { returnUrl } })),
            switchMap(() => throwError(() => error)),
          );
        }),
      );
    }),
  );
};
