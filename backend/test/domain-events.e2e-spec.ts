import { EventEmitter2 } from '@nestjs/event-emitter';
import type { DomainEventMap, DomainEventName } from '../src/events/domain-events';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * The event bus (DESIGN.md §9): what each area publishes when something happened, with the payload
 * the contract describes, only once it is stored — recorded here as any consumer would hear it.
 */
describe('domain events', () => {
  let app: TestApp;
  let ada: TestUser;
  const heard: Array<{ name: DomainEventName; payload: unknown }> = [];
  const NAMES: DomainEventName[] = ['chat.completed', 'media.uploaded', 'generation.completed', 'combination.completed'];

  beforeAll(async () => {
    app = await startTestApp({ WEBOX_LOCAL_TOKEN_DELAY_MS: '0' });
    const bus = app.app.get(EventEmitter2);
    for (const name of NAMES) bus.on(name, (payload: unknown) => heard.push({ name, payload }));
    ada = await registerUser(app, 'Ada');
  }, 90_000);
  afterAll(() => app?.close());
  beforeEach(() => void heard.splice(0));

  async function next<E extends DomainEventName>(name: E, timeoutMs = 30_000): Promise<DomainEventMap[E]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = heard.find((event) => event.name === name);
      if (found) return found.payload as DomainEventMap[E];
      if (Date.now() > deadline) throw new Error(`no ${name} event within ${timeoutMs} ms (heard: ${heard.map((event) => event.name).join(', ') || 'nothing'})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('chat.completed: once a turn is stored, with each reply and its status', async () => {
    const turn = await app.http().post('/api/chat').set(ada.auth).send({ message: 'Hello events', models: ['local/webox-mini'] }).expect(200);
    const event = await next('chat.completed');
    expect(event).toEqual({
      userId: ada.id,
      conversationId: turn.body.conversationId,
      turn: 1,
      title: 'Hello events',
      agentId: null,
      userMessageId: expect.any(String),
      replies: [{ messageId: turn.body.replies[0].id, model: 'local/webox-mini', status: 'complete' }],
      occurredAt: expect.any(String),
    });
    // Published after the turn is stored: a consumer can read it.
    const stored = await app.http().get(`/api/chat/conversations/${event.conversationId}`).set(ada.auth).expect(200);
    expect(stored.body.messages.map((message: { id: string }) => message.id)).toEqual(expect.arrayContaining([event.userMessageId, event.replies[0]!.messageId]));
  });

  it('media.uploaded: the stored files of one upload; a refused upload publishes nothing', async () => {
    const uploaded = await app.http().post('/api/media/upload').set(ada.auth).attach('files', Buffer.from('notes of the day\n'), { filename: 'notes.txt' }).expect(201);
    const event = await next('media.uploaded');
    expect(event).toEqual({ userId: ada.id, folderId: null, files: [{ id: uploaded.body[0].id, name: 'notes.txt', mimeType: 'text/plain', kind: 'text', size: 17 }], occurredAt: expect.any(String) });

    heard.splice(0);
    await app.http().post('/api/media/upload').set(ada.auth).attach('files', Buffer.from('MZ\x90\x00binary'), { filename: 'tool.exe' }).expect(415);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard).toEqual([]);
  });

  it('generation.completed: when the job row says succeeded, with the files it made', async () => {
    const accepted = await app.http().post('/api/generation/image').set(ada.auth).send({ model: 'local/webox-draw', prompt: 'A lighthouse', size: '512x512', count: 2, seed: 1 }).expect(202);
    const event = await next('generation.completed', 60_000);
    expect(event).toEqual({ userId: ada.id, jobId: accepted.body.id, kind: 'image', fileIds: [expect.any(String), expect.any(String)], failedOutputs: 0, occurredAt: expect.any(String) });
    const job = await app.http().get(`/api/generation/jobs/${event.jobId}`).set(ada.auth).expect(200);
    expect(job.body.status).toBe('succeeded');
    expect(job.body.outputs.map((output: { id: string }) => output.id)).toEqual(event.fileIds);
  });

  it('combination.completed: a run that succeeded with its output, and one that failed at its step', async () => {
    const shout = { name: 'Shout', inputs: [{ name: 'word', type: 'text', required: true }], steps: [{ id: 'up', kind: 'transform', prompt: '{{inputs.word}}!', transform: { operation: 'template' } }] };
    const ok = await app.http().post('/api/combinations/execute').set(ada.auth).send({ workflow: shout, inputs: { word: 'hey' } }).expect(202);
    expect(await next('combination.completed')).toEqual({
      userId: ada.id,
      runId: ok.body.id,
      workflowId: null,
      workflowName: 'Shout',
      status: 'succeeded',
      error: null,
      failedStepId: null,
      output: 'hey!',
      occurredAt: expect.any(String),
    });

    heard.splice(0);
    const missing = { name: 'Missing', inputs: [{ name: 'json', type: 'text' }], steps: [{ id: 'title', kind: 'transform', prompt: '{{inputs.json}}', transform: { operation: 'extract', path: 'nope' } }] };
    const failed = await app.http().post('/api/combinations/execute').set(ada.auth).send({ workflow: missing, inputs: { json: '{}' } }).expect(202);
    expect(await next('combination.completed')).toMatchObject({ runId: failed.body.id, status: 'failed', failedStepId: 'title', error: expect.stringContaining('title'), output: null });
  });
});
