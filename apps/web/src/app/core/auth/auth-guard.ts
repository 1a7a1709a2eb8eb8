import { inject } from '@angular/core';
import { CanActivateFn, Router, UrlTree } from '@angular/router';
import type { Scope } from '@lightbox/auth-contracts';
import { AuthService } from './auth-service';

function loginFor(returnUrl: string): UrlTree {
  return inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl } });
}

/**
 * Pages for signed-in users: anyone else logs in first and comes back. A session this browser
 * holds but could not restore at start-up (no answer then) is tried once more first.
 */
export const authGuard: CanActivateFn = async (_route, state) => {
  const login = loginFor(state.url);
  return (await inject(AuthService).restore()) || login;
};

/** Pages that need a scope: anonymous users log in first; users without it see /forbidden. */
export function scopeGuard(scope: Scope): CanActivateFn {
  return async (_route, state) => {
    const auth = inject(AuthService);
    const [login, forbidden] = [loginFor(state.url), inject(Router).createUrlTree(['/forbidden'])];
    if (!(await auth.restore())) return login;
    return auth.hasScope(scope) || forbidden;
  };
}

/**
 * A person the security policy asks for a second factor they lack can do nothing but add one:
 * every other page sends them to the Security page (the API refuses them everything else anyway).
 */
export const enrolmentGuard: CanActivateFn = () =>
  !inject(AuthService).mustEnrol() || inject(Router).createUrlTree(['/settings/security']);

/** The login page is for visitors: a signed-in user goes straight on. */
export const visitorGuard: CanActivateFn = (route) =>
  !inject(AuthService).isAuthenticated() || inject(Router).parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl')));

/** Only a path inside this app: `//evil.example` and `https://…` would send the user elsewhere. */
export function safeReturnUrl(returnUrl: string | null | undefined): string {
  return returnUrl && returnUrl.startsWith('/') && !returnUrl.startsWith('//') && !returnUrl.startsWith('/\\') ? returnUrl : '/';
}
