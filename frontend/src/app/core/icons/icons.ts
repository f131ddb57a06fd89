/**
 * Every Material Symbols icon the dashboard shows, and nothing else: the build subsets the icon
 * font to exactly these names (`frontend/scripts/icon-font.mjs`, a few kB instead of the 4 MB
 * variable font). A name missing here would render as its letters, so:
 * - `IconName` makes TypeScript refuse any other name where code picks an icon;
 * - `icons.spec.ts` fails when a template uses one, and when a name here is unknown to Material
 *   Symbols or used nowhere.
 *
 * Icons the user chooses (an agent's icon) may be any Material Symbols name: `iconFontSet` sends
 * those that are not here to the full font, which the browser downloads only then.
 *
 * This file is read by the build script too: keep it free of imports.
 */
export const ICON_NAMES = [
  'account_balance',
  'account_tree',
  'add',
  'add_comment',
  'admin_panel_settings',
  'alternate_email',
  'apps',
  'archive',
  'arrow_back',
  'article',
  'attach_file',
  'auto_awesome',
  'block',
  'bolt',
  'bookmarks',
  'build',
  'calculate',
  'campaign',
  'chat',
  'check',
  'check_circle',
  'chevron_left',
  'chevron_right',
  'close',
  'cloud_off',
  'cloud_upload',
  'code',
  'compare',
  'construction',
  'content_copy',
  'contrast',
  'create_new_folder',
  'dark_mode',
  'data_object',
  'delete',
  'description',
  'dns',
  'download',
  'drive_file_move',
  'edit',
  'edit_note',
  'error',
  'expand_less',
  'expand_more',
  'extension',
  'extension_off',
  'folder',
  'folder_open',
  'forum',
  'gavel',
  'graphic_eq',
  'grid_view',
  'group',
  'groups',
  'handshake',
  'help',
  'hide_image',
  'home',
  'hourglass_empty',
  'hourglass_top',
  'html',
  'hub',
  'image',
  'info',
  'keep',
  'keep_off',
  'key',
  'key_off',
  'left_panel_close',
  'left_panel_open',
  'library_add',
  'library_books',
  'light_mode',
  'local_library',
  'logout',
  'menu',
  'menu_book',
  'mic',
  'more_vert',
  'movie',
  'music_note',
  'note_add',
  'open_in_new',
  'payments',
  'perm_media',
  'person',
  'person_add',
  'photo_library',
  'picture_as_pdf',
  'policy',
  'public',
  'push_pin',
  'radio_button_unchecked',
  'record_voice_over',
  'refresh',
  'remove_circle_outline',
  'schedule',
  'search',
  'search_off',
  'send',
  'smart_toy',
  'smartphone',
  'star',
  'star_outline',
  'stop_circle',
  'support_agent',
  'sync',
  'timer',
  'token',
  'translate',
  'tune',
  'unarchive',
  'upload',
  'upload_file',
  'view_column',
  'view_list',
  'view_week',
  'visibility',
  'volume_up',
  'warning',
] as const;

export type IconName = (typeof ICON_NAMES)[number];

/** The class of the subset font (`src/styles/icons.scss`), the default font set of `<mat-icon>`. */
export const ICON_FONT_CLASS = 'wbx-symbols';
/** The class of the full Material Symbols font, for icons that are not shipped in the subset. */
export const FULL_ICON_FONT_CLASS = 'material-symbols-outlined';

let shipped: ReadonlySet<string> | undefined;

export function isShippedIcon(name: string): name is IconName {
  // Built on first use, so the list stays out of the bundles that only need the class names.
  shipped ??= new Set(ICON_NAMES);
  return shipped.has(name);
}
