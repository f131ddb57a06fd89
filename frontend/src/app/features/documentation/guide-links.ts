/**
 * Where a link of a guide leads in the app: another guide (`./chat.md#merge-the-answers`), the
 * API tab (`./api.md#post-api-chat`), or a heading of the same guide (`#anchor`); null for any
 * other link (a site outside, opened in a new tab as the Markdown renderer makes it).
 */
export function guideRoute(href: string): { commands: string[]; fragment?: string } | null {
  const inPage = /^#(.+)$/.exec(href);
  if (inPage) return { commands: [], fragment: decodeURIComponent(inPage[1]!) };
  const guide = /^(?:\.\/)?([a-z0-9-]+)\.md(?:#(.+))?$/.exec(href);
  if (!guide) return null;
  return { commands: ['/documentation', guide[1]!], ...(guide[2] ? { fragment: decodeURIComponent(guide[2]) } : {}) };
}
