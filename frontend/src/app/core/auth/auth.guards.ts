import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { SessionStore } from './session.store';

/** Signed-in users only; others go to /login and come back afterwards. */
export const authGuard: CanActivateFn = (_route, state) => {
  if (inject(SessionStore).isAuthenticated()) return true;
  return inject(Router).createUrlTree(['/login'], { queryParams: state.url && state.url !== '/' ? { returnUrl: state.url } : {} });
};

/** Administrators only; anyone else is sent home. */
export const adminGuard: CanActivateFn = () => {
  const session = inject(SessionStore);
  if (session.isAdmin()) return true;
  return inject(Router).createUrlTree(session.isAuthenticated() ? ['/'] : ['/login']);
};

/** Login and register pages: a signed-in user has nothing to do there. */
export const guestGuard: CanActivateFn = () => {
  if (!inject(SessionStore).isAuthenticated()) return true;
  return inject(Router).createUrlTree(['/']);
};
