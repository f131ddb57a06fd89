import type { Routes } from '@angular/router';
import { adminGuard, authGuard, guestGuard } from './core/auth/auth.guards';

/**
 * The signed-in frame, lazy too: the login page loads neither it nor Material's sidenav, list and
 * menu. The app initializer starts this import early when a session is stored (app.config.ts).
 */
export const loadShell = () => import('./core/layout/shell').then((module) => module.Shell);

/** Route `title`s are message keys (see I18nTitleStrategy). Every area is lazy-loaded. */
export const routes: Routes = [
  { path: 'login', title: 'pageTitle.login', canActivate: [guestGuard], loadComponent: () => import('./features/auth/login.page') },
  { path: 'register', title: 'pageTitle.register', canActivate: [guestGuard], loadComponent: () => import('./features/auth/register.page') },
  { path: 'reset-password', title: 'pageTitle.resetPassword', canActivate: [guestGuard], loadComponent: () => import('./features/auth/reset-password.page') },
  // A conversation shared by public link: read without an account.
  { path: 'shared/:token', title: 'pageTitle.shared', loadComponent: () => import('./features/public-conversation/shared-conversation.page') },
  {
    path: '',
    loadComponent: loadShell,
    canActivate: [authGuard],
    canActivateChild: [authGuard],
    children: [
      { path: '', pathMatch: 'full', title: 'area.dashboard.title', loadChildren: () => import('./features/dashboard/dashboard.routes') },
      { path: 'chat', title: 'area.chat.title', loadChildren: () => import('./features/chat/chat.routes') },
      { path: 'agents', title: 'area.agents.title', loadChildren: () => import('./features/agents/agents.routes') },
      { path: 'prompts', title: 'area.prompts.title', loadChildren: () => import('./features/prompts/prompts.routes') },
      { path: 'generation', title: 'area.generation.title', loadChildren: () => import('./features/generation/generation.routes') },
      { path: 'combinations', title: 'area.combinations.title', loadChildren: () => import('./features/combinations/combinations.routes') },
      { path: 'voice', title: 'area.voice.title', loadChildren: () => import('./features/voice/voice.routes') },
      { path: 'automation', title: 'area.automation.title', loadChildren: () => import('./features/automation/automation.routes') },
      { path: 'catalog', title: 'area.catalog.title', loadChildren: () => import('./features/catalog/catalog.routes') },
      { path: 'collaboration', title: 'area.collaboration.title', loadChildren: () => import('./features/collaboration/collaboration.routes') },
      { path: 'blog', title: 'area.blog.title', loadChildren: () => import('./features/blog/blog.routes') },
      { path: 'documentation', title: 'area.documentation.title', loadChildren: () => import('./features/documentation/documentation.routes') },
      { path: 'media', title: 'area.media.title', loadChildren: () => import('./features/media/media.routes') },
      { path: 'knowledge', title: 'area.knowledge.title', loadChildren: () => import('./features/knowledge/knowledge.routes') },
      { path: 'profile', title: 'area.profile.title', loadChildren: () => import('./features/profile/profile.routes') },
      { path: 'admin', title: 'area.admin.title', canActivate: [adminGuard], loadChildren: () => import('./features/admin/admin.routes') },
    ],
  },
  { path: '**', redirectTo: '' },
];
