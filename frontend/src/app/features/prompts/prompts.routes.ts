import type { Routes } from '@angular/router';
import { PromptsStore } from './prompts.store';

export default [
  {
    path: '',
    providers: [PromptsStore],
    children: [
      { path: '', loadComponent: () => import('./prompts.page') },
      { path: 'new', loadComponent: () => import('./prompt-editor.page') },
      { path: ':id/edit', loadComponent: () => import('./prompt-editor.page') },
    ],
  },
] satisfies Routes;
