import type { MessageKey } from '../i18n/messages.en';
import type { IconName } from '../icons/icons';

export type AreaId =
  | 'dashboard'
  | 'chat'
  | 'agents'
  | 'prompts'
  | 'generation'
  | 'combinations'
  | 'voice'
  | 'automation'
  | 'catalog'
  | 'collaboration'
  | 'blog'
  | 'documentation'
  | 'media'
  | 'knowledge'
  | 'profile'
  | 'admin';

export interface Area {
  id: AreaId;
  /** Router link. */
  path: string;
  /** Material Symbols ligature. */
  icon: IconName;
  /** Whether the area works today; the others show the "not available yet" page. */
  available: boolean;
}

/** The areas of the product, in sidebar order. Administration is separate: admins only. */
export const AREAS: readonly Area[] = [
  { id: 'dashboard', path: '/', icon: 'home', available: true },
  { id: 'chat', path: '/chat', icon: 'forum', available: true },
  { id: 'agents', path: '/agents', icon: 'smart_toy', available: true },
  { id: 'prompts', path: '/prompts', icon: 'library_books', available: true },
  { id: 'generation', path: '/generation', icon: 'auto_awesome', available: true },
  { id: 'combinations', path: '/combinations', icon: 'account_tree', available: true },
  { id: 'voice', path: '/voice', icon: 'mic', available: true },
  { id: 'automation', path: '/automation', icon: 'bolt', available: true },
  { id: 'catalog', path: '/catalog', icon: 'apps', available: true },
  { id: 'collaboration', path: '/collaboration', icon: 'groups', available: true },
  { id: 'blog', path: '/blog', icon: 'article', available: true },
  { id: 'documentation', path: '/documentation', icon: 'menu_book', available: true },
  { id: 'media', path: '/media', icon: 'perm_media', available: true },
  { id: 'knowledge', path: '/knowledge', icon: 'local_library', available: true },
  { id: 'profile', path: '/profile', icon: 'person', available: true },
];

/** The areas the sidebar offers: those built. The others are not shown as if they worked. */
export const BUILT_AREAS: readonly Area[] = AREAS.filter((area) => area.available);

export const ADMIN_AREA: Area = { id: 'admin', path: '/admin', icon: 'admin_panel_settings', available: true };

export function areaTitle(id: AreaId): MessageKey {
  return `area.${id}.title`;
}

export function areaDescription(id: AreaId): MessageKey {
  return `area.${id}.description`;
}
