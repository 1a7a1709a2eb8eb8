import { inject } from '@angular/core';
import { CanActivateFn, Router, UrlTree } from '@angular/router';
import type { Scope } from '@lightbox/auth-contracts';
import { AuthService } from './auth-service';

function loginFor(returnUrl: string): UrlTree {
  return inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl } });
}

/** Pages for signed-in users: anyone else logs in first and comes back. */
export const authGuard: CanActivateFn = (_route, state) => inject(AuthService).isAuthenticated() || loginFor(state.url);

/** Pages that need a scope: anonymous users log in first; users without it see /forbidden. */
export function scopeGuard(scope: Scope): CanActivateFn {
  return (_route, state) => {
    const auth = inject(AuthService);
    if (!auth.isAuthenticated()) return loginFor(state.url);
    return auth.hasScope(scope) || inject(Router).createUrlTree(['/forbidden']);
  };
}

/** The login page is for visitors: a signed-in user goes straight on. */
export const visitorGuard: CanActivateFn = (route) =>
  !inject(AuthService).isAuthenticated() || inject(Router).parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl')));

/** Only a path inside this app: `//evil.example` and `https://…` would send the user elsewhere. */
export function safeReturnUrl(returnUrl: string | null | undefined): string {
  return returnUrl && returnUrl.startsWith('/') && !returnUrl.startsWith('//') && !returnUrl.startsWith('/\\') ? returnUrl : '/';
}
