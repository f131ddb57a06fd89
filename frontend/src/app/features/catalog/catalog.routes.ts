import type { Routes } from '@angular/router';
import { CatalogStore } from './catalog.store';

export default [
  {
    path: '',
    providers: [CatalogStore],
    children: [
      { path: '', loadComponent: () => import('./catalog.page') },
      { path: ':id', title: 'catalog.tool.title', loadComponent: () => import('./catalog-tool.page') },
    ],
  },
] satisfies Routes;
