import type { ConversationDto } from '../../api/models';

/** The sections of the conversation list, in order: pinned ones, then by the day of their last message. */
export type ConversationGroupId = 'pinned' | 'today' | 'yesterday' | 'week' | 'older';

export interface ConversationGroup {
  id: ConversationGroupId;
  items: ConversationDto[];
}

const ORDER: readonly ConversationGroupId[] = ['pinned', 'today', 'yesterday', 'week', 'older'];

/** Midnight of a date's day, in the browser's time zone (the user's calendar, not UTC's). */
function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Which section a conversation updated at `updatedAt` belongs to, seen at `now`. */
export function dayGroup(updatedAt: Date, now: Date): Exclude<ConversationGroupId, 'pinned'> {
  const today = startOfDay(now);
  const day = startOfDay(updatedAt);
  if (day >= today) return 'today';
  // A calendar day back, not 24 hours: right after midnight, last evening is yesterday.
  const yesterday = startOfDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1));
  if (day >= yesterday) return 'yesterday';
  const weekAgo = startOfDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 7));
  return day >= weekAgo ? 'week' : 'older';
}

/**
 * The list in sections, each in the server's order (most recent first); pinned conversations in
 * their own section whatever their date. Empty sections are left out.
 */
export function groupConversations(items: readonly ConversationDto[], now: Date = new Date()): ConversationGroup[] {
  const groups = new Map<ConversationGroupId, ConversationDto[]>();
  for (const item of items) {
    const id = item.pinned ? 'pinned' : dayGroup(new Date(item.updatedAt), now);
    groups.set(id, [...(groups.get(id) ?? []), item]);
  }
  return ORDER.filter((id) => groups.has(id)).map((id) => ({ id, items: groups.get(id)! }));
}
