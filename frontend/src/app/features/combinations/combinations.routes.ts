import type { Routes } from '@angular/router';
import { CombinationsStore } from './combinations.store';

export default [
  {
    path: '',
    providers: [CombinationsStore],
    children: [
      { path: '', loadComponent: () => import('./combinations.page') },
      { path: 'new', loadComponent: () => import('./workflow-builder.page') },
      { path: 'workflows/:id', loadComponent: () => import('./workflow-builder.page') },
      { path: 'runs/:id', loadComponent: () => import('./workflow-run.page') },
    ],
  },
] satisfies Routes;
