import type { Routes } from '@angular/router';
import { DocumentationStore } from './documentation.store';

export default [
  {
    path: '',
    providers: [DocumentationStore],
    loadComponent: () => import('./documentation.page'),
    children: [
      { path: '', loadComponent: () => import('./guide-list.page') },
      { path: 'api', title: 'documentation.tab.api', loadComponent: () => import('./api-reference.page') },
      { path: ':slug', loadComponent: () => import('./guide.page') },
    ],
  },
] satisfies Routes;
