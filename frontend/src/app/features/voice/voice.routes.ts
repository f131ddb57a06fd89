import type { Routes } from '@angular/router';

export default [{ path: '', loadComponent: () => import('./voice.page').then((m) => m.VoicePage) }] satisfies Routes;
