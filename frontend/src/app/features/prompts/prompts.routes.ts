import type { Routes } from '@angular/router';
import { PromptsStore } from './prompts.store';

export default [
  {
    path: '',
    providers: [PromptsStore],
    children: [
      { path: '', loadComponent: () => import('./prompts.page') },
      { path: 'new', title: 'prompts.editor.newTitle', loadComponent: () => import('./prompt-editor.page') },
      { path: ':id/edit', title: 'prompts.editor.editTitle', loadComponent: () => import('./prompt-editor.page') },
    ],
  },
] satisfies Routes;
