import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/** The home page's first-run checklist (issue 24 item 5): each step ticked from the user's own data. */
describe('first-run checklist', () => {
  let app: TestApp;
  let user: TestUser;

  const checklist = async (who: TestUser = user) => (await app.http().get('/api/profile/onboarding').set(who.auth).expect(200)).body;
  const done = async (who: TestUser = user) => Object.fromEntries((await checklist(who)).steps.map((step: { id: string; done: boolean }) => [step.id, step.done]));

  beforeAll(async () => {
    app = await startTestApp();
    user = await registerUser(app);
  });
  afterAll(() => app.close());

  it('starts with every step to do, in order', async () => {
    expect(await checklist()).toEqual({
      steps: [
        { id: 'offline-chat', done: false },
        { id: 'api-key', done: false },
        { id: 'default-model', done: false },
        { id: 'document', done: false },
        { id: 'agent', done: false },
      ],
      complete: false,
      dismissed: false,
    });
  });

  it('ticks each step from what the user did, and only theirs', async () => {
    await app.http().post('/api/chat').set(user.auth).send({ message: 'hello', models: ['local/webox-mini'] }).expect(200);
    expect(await done()).toEqual({ 'offline-chat': true, 'api-key': false, 'default-model': false, document: false, agent: false });

    await app.http().post('/api/profile/api-keys').set(user.auth).send({ provider: 'anthropic', key: 'sk-ant-123456789' }).expect(201);
    await app.http().patch('/api/profile').set(user.auth).send({ defaultChatModel: 'local/webox-mini' }).expect(200);
    await app.http().post('/api/media/upload').set(user.auth).attach('files', Buffer.from('Notes for the quarter.\n'), { filename: 'notes.txt' }).expect(201);
    await app.http().post('/api/assistants/chat').set(user.auth).send({ agent_type: 'finance', message: 'What is a budget?', model: 'local/webox-mini' }).expect(200);
    expect(await checklist()).toMatchObject({ complete: true, dismissed: false });
    expect(Object.values(await done()).every(Boolean)).toBe(true);

    const other = await registerUser(app);
    expect(Object.values(await done(other)).some(Boolean)).toBe(false);
  });

  it('a conversation with an agent ticks the agent step; nothing uploaded, no document', async () => {
    const fresh = await registerUser(app);
    await app.http().post('/api/assistants/chat').set(fresh.auth).send({ agent_type: 'writer', message: 'A title', model: 'local/webox-mini' }).expect(200);
    const steps = await done(fresh);
    expect(steps).toMatchObject({ agent: true, document: false });
  });

  it('is put away for good when dismissed', async () => {
    await app.http().post('/api/profile/onboarding/dismiss').set(user.auth).expect(204);
    await app.http().post('/api/profile/onboarding/dismiss').set(user.auth).expect(204);
    expect((await checklist()).dismissed).toBe(true);
  });

  it('answers 401 without a token', async () => {
    await app.http().get('/api/profile/onboarding').expect(401);
    await app.http().post('/api/profile/onboarding/dismiss').expect(401);
  });
});
