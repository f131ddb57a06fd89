import { exportConversation } from './chat-export';
import type { ConversationDetailDto, MessageDto } from './dto/chat.dto';

const at = new Date('2026-03-01T10:00:00Z');
const message = (overrides: Partial<MessageDto>): MessageDto => ({ id: `m${Math.random()}`, turn: 1, parentId: null, siblingIds: [], truncated: false, role: 'assistant', kind: 'reply', content: '', status: 'complete', steps: [], citations: [], attachments: [], createdAt: at, ...overrides });

const conversation: ConversationDetailDto = {
  id: '11111111-1111-4111-8111-111111111111',
  title: 'Café & crème: 100% "real"',
  pinned: false,
  archived: false,
  folder: null,
  systemPrompt: null,
  settings: null,
  models: ['openai/gpt-5.4', 'google/gemini-3.5-flash'],
  createdAt: at,
  updatedAt: at,
  messages: [
    message({ role: 'user', content: 'Where is the best café?', attachments: [{ mediaFileId: 'f1', name: 'map.png', mimeType: 'image/png', kind: 'image', size: 1200 }] }),
    message({ model: 'openai/gpt-5.4', content: 'In Lisbon, near the river.', inputTokens: 6, outputTokens: 5, cost: 0.0000805, durationMs: 1234 }),
    message({ model: 'google/gemini-3.5-flash', status: 'error', error: 'Google Gemini failed with 500', inputTokens: 0, outputTokens: 0, cost: 0 }),
    message({ kind: 'merged', model: 'local/webox-mini', content: 'Lisbon, by the river.', inputTokens: 40, outputTokens: 6, cost: 0 }),
    message({ turn: 2, role: 'user', content: 'And the second best?' }),
    message({ turn: 2, model: 'openai/gpt-5.4', status: 'stopped', content: 'Probably in Por' }),
    message({
      turn: 3,
      model: 'local/webox-mini',
      content: 'Your notes say 400 euros [1].',
      steps: [{ kind: 'tool', offset: 0, callId: 'c1', name: 'knowledge_search', arguments: { query: 'budgets' }, status: 'ok', summary: '1 passage from notes.md', durationMs: 12 }],
      citations: [{ n: 1, chunkId: 'k1', collectionId: 'c1', collectionName: 'My notes', fileId: 'f1', fileName: 'notes.md', page: null, snippet: 'The budget is 400 euros.' }],
    }),
  ],
};

describe('exportConversation', () => {
  it('lists the tools a reply used and the sources it cites', async () => {
    const text = (await exportConversation(conversation, 'markdown')).body.toString('utf8');
    expect(text).toContain('> Tool knowledge_search: 1 passage from notes.md (12 ms)\n> Sources:\n> [1] notes.md (My notes)\n\nYour notes say 400 euros [1].');
  });

  it('writes Markdown turn by turn: the title, the question, each reply with its model and metrics, errors explained', async () => {
    const file = await exportConversation(conversation, 'markdown');
    const text = file.body.toString('utf8');

    expect(file).toMatchObject({ filename: 'cafe-creme-100-real.md', contentType: 'text/markdown; charset=utf-8' });
    expect(text.startsWith('# Café & crème: 100% "real"\n')).toBe(true);
    expect(text.indexOf('## Turn 1')).toBeLessThan(text.indexOf('## Turn 2'));
    expect(text).toContain('**You:**\n\nWhere is the best café?\n\n> Attached image: map.png (image/png)');
    expect(text).toContain('### openai/gpt-5.4 (6 in / 5 out tokens · $0.0001 · 1.2 s)\n\nIn Lisbon, near the river.');
    expect(text).toContain('### google/gemini-3.5-flash (error');
    expect(text).toContain('_Error: Google Gemini failed with 500_');
    expect(text).toContain('### openai/gpt-5.4 (stopped)\n\nProbably in Por');
  });

  it("labels a turn's merged answer with the model that merged, after the columns", async () => {
    const text = (await exportConversation(conversation, 'markdown')).body.toString('utf8');
    expect(text).toContain('### Merged answer · local/webox-mini (40 in / 6 out tokens');
    expect(text.indexOf('### Merged answer')).toBeGreaterThan(text.indexOf('### google/gemini-3.5-flash'));
    expect(text.indexOf('### Merged answer')).toBeLessThan(text.indexOf('## Turn 2'));
  });

  it('writes JSON that parses back to the conversation', async () => {
    const file = await exportConversation(conversation, 'json');

    expect(file).toMatchObject({ filename: 'cafe-creme-100-real.json', contentType: 'application/json; charset=utf-8' });
    expect(JSON.parse(file.body.toString('utf8'))).toEqual(JSON.parse(JSON.stringify(conversation)));
  });

  it('writes a PDF', async () => {
    const file = await exportConversation(conversation, 'pdf');

    expect(file).toMatchObject({ filename: 'cafe-creme-100-real.pdf', contentType: 'application/pdf' });
    expect(file.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(file.body.length).toBeGreaterThan(2_000);
    expect(file.body.subarray(-1024).toString('latin1')).toContain('%%EOF');
  });

  it('names the file "conversation" when the title has no usable character', async () => {
    const file = await exportConversation({ ...conversation, title: '!!! ???' }, 'markdown');
    expect(file.filename).toBe('conversation.md');
  });
});
