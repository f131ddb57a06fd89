import type { Routes } from '@angular/router';
import { AdminStore } from './admin.store';

/** Administration (guarded by adminGuard in app.routes.ts): users and sign-up, the audit trail, budgets, shared MCP servers, workspace keys, models, OpenAI-compatible endpoints, the workspace's Twilio account, the server and its job queue. */
export default [
  {
    path: '',
    loadComponent: () => import('./admin.page'),
    providers: [AdminStore],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'users' },
      { path: 'users', title: 'pageTitle.adminUsers', loadComponent: () => import('./admin-users.page') },
      { path: 'audit', title: 'pageTitle.adminAudit', loadComponent: () => import('./admin-audit.page') },
      { path: 'budgets', title: 'pageTitle.adminBudgets', loadComponent: () => import('./admin-budgets.page') },
      { path: 'mcp-servers', title: 'pageTitle.adminMcp', loadComponent: () => import('./admin-mcp-servers.page') },
      { path: 'keys', title: 'pageTitle.adminKeys', loadComponent: () => import('./workspace-keys/workspace-keys.page') },
      { path: 'models', title: 'pageTitle.adminModels', loadComponent: () => import('./models/admin-models.page') },
      { path: 'endpoints', title: 'pageTitle.adminEndpoints', loadComponent: () => import('./endpoints/admin-endpoints.page') },
      { path: 'twilio', title: 'pageTitle.adminTwilio', loadComponent: () => import('./twilio/admin-twilio.page') },
      { path: 'server', title: 'pageTitle.adminServer', loadComponent: () => import('./server/admin-server.page') },
      { path: '**', redirectTo: 'users' },
    ],
  },
] satisfies Routes;
