import type { Routes } from '@angular/router';

/** Each page provides its own KnowledgeStore, so the progress timer stops when the page is left. */
export default [
  { path: '', loadComponent: () => import('./knowledge.page') },
  { path: 'passages/:chunkId', title: 'knowledge.passage.title', loadComponent: () => import('./passage.page') },
  { path: ':id', loadComponent: () => import('./collection.page') },
] satisfies Routes;
