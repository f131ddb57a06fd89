import type { Routes } from '@angular/router';

/** Administration (guarded by adminGuard in app.routes.ts): for now only the shared MCP servers. */
export default [
  {
    path: '',
    loadComponent: () => import('./admin.page'),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'mcp-servers' },
      { path: 'mcp-servers', title: 'pageTitle.adminMcp', loadComponent: () => import('./admin-mcp-servers.page') },
      { path: '**', redirectTo: 'mcp-servers' },
    ],
  },
] satisfies Routes;
