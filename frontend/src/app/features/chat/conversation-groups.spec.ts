import type { ConversationDto } from '../../api/models';
import { dayGroup, groupConversations } from './conversation-groups';

const conversation = (id: string, updatedAt: Date, pinned = false): ConversationDto =>
  ({ id, title: id, pinned, archived: false, folder: null, models: [], createdAt: updatedAt.toISOString(), updatedAt: updatedAt.toISOString() }) as ConversationDto;

describe('conversation groups', () => {
  // Wednesday 10 June 2026, 09:30 local time.
  const now = new Date(2026, 5, 10, 9, 30);
  const at = (day: number, hours = 12, minutes = 0) => new Date(2026, 5, day, hours, minutes);

  it('puts a day in Today, Yesterday, Previous 7 days or Older by the local calendar', () => {
    expect(dayGroup(at(10, 0, 1), now)).toBe('today');
    expect(dayGroup(at(10, 23, 59), now)).toBe('today');
    expect(dayGroup(at(9, 23, 59), now)).toBe('yesterday');
    expect(dayGroup(at(9, 0, 0), now)).toBe('yesterday');
    expect(dayGroup(at(8, 23, 0), now)).toBe('week');
    expect(dayGroup(at(3, 0, 0), now)).toBe('week');
    expect(dayGroup(at(2, 23, 59), now)).toBe('older');
    expect(dayGroup(new Date(2025, 11, 31), now)).toBe('older');
  });

  it('counts yesterday by calendar day right after midnight', () => {
    const justAfterMidnight = new Date(2026, 5, 10, 0, 5);
    expect(dayGroup(at(9, 23, 50), justAfterMidnight)).toBe('yesterday');
    expect(dayGroup(at(10, 0, 1), justAfterMidnight)).toBe('today');
  });

  it('crosses a month boundary', () => {
    const firstOfJuly = new Date(2026, 6, 1, 8, 0);
    expect(dayGroup(new Date(2026, 5, 30, 22, 0), firstOfJuly)).toBe('yesterday');
    expect(dayGroup(new Date(2026, 5, 24, 22, 0), firstOfJuly)).toBe('week');
    expect(dayGroup(new Date(2026, 5, 23, 22, 0), firstOfJuly)).toBe('older');
  });

  it('sections the list in order, pinned first whatever their date, keeping the order within each and leaving out empty ones', () => {
    const items = [conversation('old-pinned', at(1), true), conversation('a', at(10, 9)), conversation('b', at(10, 8)), conversation('c', at(5)), conversation('d', new Date(2026, 0, 1))];
    expect(groupConversations(items, now).map((group) => [group.id, group.items.map((item) => item.id)])).toEqual([
      ['pinned', ['old-pinned']],
      ['today', ['a', 'b']],
      ['week', ['c']],
      ['older', ['d']],
    ]);
  });

  it('has no section for no conversation', () => {
    expect(groupConversations([], now)).toEqual([]);
  });
});
