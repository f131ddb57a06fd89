import type { Routes } from '@angular/router';
import { AgentsStore } from './agents.store';

export default [
  {
    path: '',
    providers: [AgentsStore],
    children: [
      { path: '', loadComponent: () => import('./agents.page') },
      { path: 'new', title: 'agents.editor.newTitle', loadComponent: () => import('./agent-editor.page') },
      { path: ':id', loadComponent: () => import('./agent-chat.page') },
      { path: ':id/edit', title: 'agents.editor.editTitle', loadComponent: () => import('./agent-editor.page') },
    ],
  },
] satisfies Routes;
