import type { ChatMessage } from '../chat-message.entity';
import { ConversationTree, mergedKey, questionKey, replyKey } from './chat-tree';

let clock = 0;
const question = (id: string, parentId: string | null, turn: number): ChatMessage => ({ id, parentId, turn, role: 'user', model: null, position: 0, content: id, createdAt: new Date(++clock) }) as ChatMessage;
const reply = (id: string, parentId: string, model: string, position: number, turn = 1): ChatMessage =>
  ({ id, parentId, turn, role: 'assistant', model, position, content: id, createdAt: new Date(++clock) }) as ChatMessage;
const ids = (messages: ChatMessage[]) => messages.map((m) => m.id);

/**
 * q1 ─ a1 (gpt), b1 then b1' (claude)
 *  ├─ q2 ─ a2
 *  └─ q2' (an edit of q2) ─ a2'
 *       └─ q3 ─ a3
 */
function conversation(): ChatMessage[] {
  clock = 0;
  return [
    question('q1', null, 1),
    reply('a1', 'q1', 'gpt', 0),
    reply('b1', 'q1', 'claude', 1),
    question('q2', 'q1', 2),
    reply('a2', 'q2', 'gpt', 0, 2),
    reply('b1v2', 'q1', 'claude', 1),
    question('q2e', 'q1', 2),
    reply('a2e', 'q2e', 'gpt', 0, 2),
    question('q3', 'q2e', 3),
    reply('a3', 'q3', 'gpt', 0, 3),
  ];
}

describe('ConversationTree', () => {
  it('shows the newest version of every question and reply when nothing was chosen', () => {
    const tree = new ConversationTree(conversation());
    expect(ids(tree.branch())).toEqual(['q1', 'a1', 'b1v2', 'q2e', 'a2e', 'q3', 'a3']);
    expect(tree.leaf()?.id).toBe('q3');
  });

  it('follows the versions chosen: an older question brings back its own later turns', () => {
    const tree = new ConversationTree(conversation(), { [questionKey('q1')]: 'q2', [replyKey('q1', 'claude')]: 'b1' });
    expect(ids(tree.branch())).toEqual(['q1', 'a1', 'b1', 'q2', 'a2']);
    expect(tree.leaf()?.id).toBe('q2');
  });

  it('falls back to the newest version when the chosen one is gone', () => {
    const tree = new ConversationTree(conversation(), { [questionKey('q1')]: 'deleted' });
    expect(tree.leaf()?.id).toBe('q3');
  });

  it('lists the versions of a question and of one model reply, oldest first', () => {
    const tree = new ConversationTree(conversation());
    expect(ids(tree.siblingsOf(tree.get('q2e')!))).toEqual(['q2', 'q2e']);
    expect(ids(tree.siblingsOf(tree.get('b1v2')!))).toEqual(['b1', 'b1v2']);
    expect(ids(tree.siblingsOf(tree.get('a1')!))).toEqual(['a1']);
    expect(ids(tree.siblingsOf(tree.get('q1')!))).toEqual(['q1']);
  });

  it('gives the line of turns above a question, whatever branch is on screen', () => {
    const tree = new ConversationTree(conversation(), { [questionKey('q1')]: 'q2' });
    expect(ids(tree.lineage('q3'))).toEqual(['q1', 'a1', 'b1v2', 'q2e', 'a2e', 'q3', 'a3']);
    expect(ids(tree.lineage('q1'))).toEqual(['q1', 'a1', 'b1v2']);
    expect(tree.lineage(null)).toEqual([]);
  });

  it("shows a turn's merged answer after its columns, never as a column nor in a model's lineage; merging again makes a version", () => {
    const merged = (id: string, parentId: string, model: string) => ({ ...reply(id, parentId, model, 0), kind: 'merged' }) as ChatMessage;
    const messages = [...conversation(), merged('m1', 'q1', 'gpt'), merged('m1v2', 'q1', 'claude')];
    const tree = new ConversationTree(messages);
    expect(ids(tree.shown())).toEqual(['q1', 'a1', 'b1v2', 'm1v2', 'q2e', 'a2e', 'q3', 'a3']);
    expect(ids(tree.branch())).toEqual(['q1', 'a1', 'b1v2', 'q2e', 'a2e', 'q3', 'a3']);
    expect(ids(tree.repliesTo(tree.get('q1')!))).toEqual(['a1', 'b1v2']);
    expect(ids(tree.lineage('q2e'))).toEqual(['q1', 'a1', 'b1v2', 'q2e', 'a2e']);
    expect(ids(tree.siblingsOf(tree.get('m1')!))).toEqual(['m1', 'm1v2']);
    expect(tree.mergedAnswerTo({ id: 'q1' })?.id).toBe('m1v2');
    expect(new ConversationTree(messages, { [mergedKey('q1')]: 'm1' }).mergedAnswerTo({ id: 'q1' })?.id).toBe('m1');
  });

  it('is empty for a conversation with no message', () => {
    const tree = new ConversationTree([]);
    expect(tree.branch()).toEqual([]);
    expect(tree.leaf()).toBeUndefined();
  });

  it('names the choices whose message is gone, and shows the newest version in their place', () => {
    const tree = new ConversationTree(conversation(), { [questionKey('q1')]: 'gone', [replyKey('q1', 'claude')]: 'b1', [replyKey('q9', 'gpt')]: 'a9' });
    expect(tree.staleChoices()).toEqual([questionKey('q1'), replyKey('q9', 'gpt')]);
    expect(ids(tree.branch())).toEqual(['q1', 'a1', 'b1', 'q2e', 'a2e', 'q3', 'a3']);
  });

  it('has no stale choice when every chosen message is there', () => {
    expect(new ConversationTree(conversation(), { [questionKey('q1')]: 'q2' }).staleChoices()).toEqual([]);
    expect(new ConversationTree(conversation()).staleChoices()).toEqual([]);
  });
});
