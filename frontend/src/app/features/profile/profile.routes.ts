import type { Routes } from '@angular/router';

export default [{ path: '', loadComponent: () => import('./profile.page') }] satisfies Routes;
