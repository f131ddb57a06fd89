import type { Routes } from '@angular/router';

export default [{ path: '', loadComponent: () => import('./collaboration.page') }] satisfies Routes;
