import type { Routes } from '@angular/router';
import { BlogStore } from './blog.store';

/**
 * `/blog`: the list, the reading view (a dialog) and, with `?edit=<slug>` or `?edit=new`, the
 * editor. Only `/blog` itself belongs to the dashboard: `/blog/{slug}` is the server's public page
 * of the article (readable without an account), so the dashboard's views stay on query parameters.
 */
export default [{ path: '', providers: [BlogStore], loadComponent: () => import('./blog.page') }] satisfies Routes;
