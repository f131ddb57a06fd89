import type { Routes } from '@angular/router';

export default [{ path: '', loadComponent: () => import('./automation.page') }] satisfies Routes;
