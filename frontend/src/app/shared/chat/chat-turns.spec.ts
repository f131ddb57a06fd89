import type { MessageDto } from '../../api/models';
import { turnsFromMessages, versionPlace } from './chat-turns';

const message = (id: string, role: MessageDto['role'], extra: Partial<MessageDto> = {}): MessageDto => ({
  id,
  turn: 1,
  parentId: null,
  siblingIds: [id],
  role,
  kind: 'reply',
  content: id,
  status: 'complete',
  truncated: false,
  createdAt: '',
  steps: [],
  citations: [],
  attachments: [],
  ...extra,
});

describe('versionPlace', () => {
  it('gives the place of a message among its versions and its neighbours', () => {
    expect(versionPlace('b', ['a', 'b', 'c'])).toEqual({ index: 2, count: 3, previous: 'a', next: 'c' });
    expect(versionPlace('a', ['a', 'b'])).toEqual({ index: 1, count: 2, previous: null, next: 'b' });
    expect(versionPlace('b', ['a', 'b'])).toEqual({ index: 2, count: 2, previous: 'a', next: null });
  });

  it('is nothing for a single version, a message not stored yet, or one not among them', () => {
    expect(versionPlace('a', ['a'])).toBeNull();
    expect(versionPlace(null, ['a', 'b'])).toBeNull();
    expect(versionPlace('z', ['a', 'b'])).toBeNull();
  });
});

describe('turnsFromMessages', () => {
  it("keeps a turn's merged answer apart from its columns, even when its model is one of them", () => {
    const [turn] = turnsFromMessages([
      message('u1', 'user'),
      message('a1', 'assistant', { model: 'openai/gpt-5.4', parentId: 'u1' }),
      message('b1', 'assistant', { model: 'local/webox-mini', parentId: 'u1' }),
      message('m1', 'assistant', { model: 'openai/gpt-5.4', parentId: 'u1', kind: 'merged', truncated: true }),
    ]);
    expect(Object.values(turn!.replies).map((reply) => reply.messageId)).toEqual(['a1', 'b1']);
    expect(turn!.merged).toMatchObject({ messageId: 'm1', model: 'openai/gpt-5.4', truncated: false });
  });

  it('keeps the versions of each question and reply, and whether a reply was cut', () => {
    const [turn] = turnsFromMessages([
      message('q2', 'user', { siblingIds: ['q1', 'q2'] }),
      message('r2', 'assistant', { model: 'openai/gpt-5.4', parentId: 'q2', siblingIds: ['r1', 'r2'], truncated: true }),
    ]);
    expect(turn).toMatchObject({ question: 'q2', userMessageId: 'q2', siblingIds: ['q1', 'q2'] });
    expect(turn!.replies['openai/gpt-5.4']).toMatchObject({ messageId: 'r2', siblingIds: ['r1', 'r2'], truncated: true });
  });
});
