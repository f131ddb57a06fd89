import type { Routes } from '@angular/router';
import { isTabPath } from './generation-options';
import { GenerationStore } from './generation.store';

export default [
  {
    path: '',
    providers: [GenerationStore],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'images' },
      { path: ':tab', canMatch: [(_route: unknown, segments: { path: string }[]) => isTabPath(segments[0]?.path)], loadComponent: () => import('./generation.page') },
      { path: '**', redirectTo: 'images' },
    ],
  },
] satisfies Routes;
