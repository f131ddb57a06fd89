import { EventEmitter2 } from '@nestjs/event-emitter';
import { io, type Socket } from 'socket.io-client';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Shared chat conversations (issue 27 item 2) over real HTTP and real sockets: sharing with users
 * and a project, to read or to continue; the shared mark in the recipients' history; a recipient's
 * turn on their own budget, streamed live to every watcher and to no one else; unsharing cutting
 * HTTP and sockets at once; the public read-only link (no account, no ids, expiry, revocation).
 */
const LOCAL = 'local/webox-mini';

interface Share {
  id: string;
  userId: string | null;
  projectId: string | null;
  name: string;
  email: string | null;
  permission: string;
}
interface Shares {
  conversationId: string;
  shares: Share[];
  link: { expiresAt: string | null; createdAt: string } | null;
}
interface ListedConversation {
  id: string;
  title: string;
  pinned: boolean;
  shared?: { byUserId: string; byName: string; permission: string };
}

describe('conversation sharing', () => {
  let app: TestApp;
  let ada: TestUser;
  let bob: TestUser;
  let cara: TestUser;
  let eve: TestUser;
  let conversationId: string;
  const heard: unknown[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    app.app.get(EventEmitter2).on('collaboration.conversation_shared', (payload: unknown) => heard.push(payload));
    ada = await registerUser(app, 'Ada Lovelace');
    bob = await registerUser(app, 'Bob');
    cara = await registerUser(app, 'Cara');
    eve = await registerUser(app, 'Eve');
    const turn = await app.http().post('/api/chat').set(ada.auth).send({ message: 'What is a difference engine?', models: [LOCAL] }).expect(200);
    conversationId = turn.body.conversationId as string;
    await app.http().patch(`/api/chat/conversations/${conversationId}`).set(ada.auth).send({ pinned: true }).expect(200);
  }, 90_000);
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(() => app?.close());

  const share = (user: TestUser, body: object) => app.http().post('/api/collaboration/share').set(user.auth).send(body);
  const history = async (user: TestUser) => (await app.http().get('/api/chat/history').set(user.auth).expect(200)).body.items as ListedConversation[];
  const sendTurn = (user: TestUser, message: string) => app.http().post('/api/chat').set(user.auth).send({ conversationId, message, models: [LOCAL] });

  async function connect(user: TestUser): Promise<{ socket: Socket; events: Array<{ event: string; data: { conversationId?: string; event?: string; question?: string; data?: Record<string, unknown> } }> }> {
    const socket = io(app.url, { path: '/socket.io', auth: { token: user.accessToken }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const events: Array<{ event: string; data: { conversationId?: string; event?: string; question?: string; data?: Record<string, unknown> } }> = [];
    socket.onAny((event: string, data: (typeof events)[number]["data"]) => events.push({ event, data }));
    await new Promise<void>((resolve, reject) => socket.on('connect', () => resolve()).on('connect_error', reject));
    return { socket, events };
  }
  const watch = (socket: Socket, id: string) => socket.emitWithAck('chat.watch', { conversationId: id }) as Promise<{ ok?: true; error?: string }>;
  async function until<T>(find: () => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  describe('sharing', () => {
    it('refuses what cannot be shared: another user’s conversation 404, unknown user or project 404 naming the field, myself or no one 400', async () => {
      await share(eve, { conversationId, userIds: [bob.id], permission: 'read' }).expect(404, /CONVERSATION_NOT_FOUND/);
      const unknown = await share(ada, { conversationId, userIds: [bob.id, '00000000-0000-4000-8000-000000000009'], permission: 'read' }).expect(404);
      expect(unknown.body).toMatchObject({ code: 'COLLABORATOR_NOT_FOUND', details: [{ field: 'userIds.1' }] });
      const project = await share(ada, { conversationId, projectId: '00000000-0000-4000-8000-000000000009', permission: 'read' }).expect(404);
      expect(project.body).toMatchObject({ code: 'PROJECT_NOT_FOUND', details: [{ field: 'projectId' }] });
      expect((await share(ada, { conversationId, userIds: [ada.id], permission: 'read' }).expect(400)).body).toMatchObject({ code: 'SHARE_WITH_SELF', details: [{ field: 'userIds.0' }] });
      expect((await share(ada, { conversationId, permission: 'read' }).expect(400)).body.code).toBe('SHARE_TARGET_REQUIRED');
      const invalid = await share(ada, { conversationId: 'mine', userIds: ['bob'], permission: 'write' }).expect(400);
      expect((invalid.body.details as Array<{ field: string }>).map((d) => d.field).sort()).toEqual(['conversationId', 'permission', 'userIds']);
      // Nothing was stored by the refused requests: the unknown user was checked before bob was added.
      expect((await app.http().get(`/api/collaboration/share/${conversationId}`).set(ada.auth).expect(200)).body.shares).toEqual([]);
    });

    it('shares read-only: the recipient sees it marked shared in their history, reads it, and cannot send, change or re-share it', async () => {
      const shares = (await share(ada, { conversationId, userIds: [bob.id], permission: 'read' }).expect(201)).body as Shares;
      expect(shares.shares).toEqual([expect.objectContaining({ userId: bob.id, projectId: null, name: 'Bob', email: bob.email, permission: 'read' })]);
      expect(heard).toContainEqual(expect.objectContaining({ userId: bob.id, conversationId, sharedById: ada.id, permission: 'read', projectId: null }));

      const listed = (await history(bob)).find((c) => c.id === conversationId);
      // The owner's pin is the owner's.
      expect(listed).toMatchObject({ pinned: false, shared: { byUserId: ada.id, byName: 'Ada Lovelace', permission: 'read' } });
      expect((await history(ada)).find((c) => c.id === conversationId)?.shared).toBeUndefined();
      expect((await history(eve)).find((c) => c.id === conversationId)).toBeUndefined();
      // Searching finds it too; the archived view is the user's own filing.
      expect((await app.http().get('/api/chat/history?q=difference').set(bob.auth).expect(200)).body.items.map((c: ListedConversation) => c.id)).toContain(conversationId);
      expect((await app.http().get('/api/chat/history?archived=true').set(bob.auth).expect(200)).body.total).toBe(0);

      const read = await app.http().get(`/api/chat/conversations/${conversationId}`).set(bob.auth).expect(200);
      expect(read.body).toMatchObject({ id: conversationId, shared: { permission: 'read' } });
      expect(read.body.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);

      expect((await sendTurn(bob, 'may I?').expect(403)).body.code).toBe('SHARED_READ_ONLY');
      expect((await app.http().patch(`/api/chat/conversations/${conversationId}`).set(bob.auth).send({ title: 'Mine now' }).expect(403)).body.code).toBe('SHARED_OWNER_ONLY');
      expect((await app.http().delete(`/api/chat/conversations/${conversationId}`).set(bob.auth).expect(403)).body.code).toBe('SHARED_OWNER_ONLY');
      expect((await share(bob, { conversationId, userIds: [eve.id], permission: 'read' }).expect(403)).body.code).toBe('SHARED_OWNER_ONLY');
      await app.http().get(`/api/collaboration/share/${conversationId}`).set(bob.auth).expect(403);
      // An outsider learns nothing.
      await app.http().get(`/api/chat/conversations/${conversationId}`).set(eve.auth).expect(404);
      await app.http().get(`/api/collaboration/share/${conversationId}`).set(eve.auth).expect(404);
      expect((await sendTurn(eve, 'hello?').expect(404)).body.code).toBe('CONVERSATION_NOT_FOUND');
    });

    it('lets a `continue` recipient send a turn: stored in the shared conversation, paid from the recipient’s usage; streamed live to every watcher and to no one else', async () => {
      const bobShare = ((await app.http().get(`/api/collaboration/share/${conversationId}`).set(ada.auth).expect(200)).body as Shares).shares[0]!;
      await app.http().patch(`/api/collaboration/shares/${bobShare.id}`).set(eve.auth).send({ permission: 'continue' }).expect(404);
      await app.http().patch(`/api/collaboration/shares/${bobShare.id}`).set(ada.auth).send({ permission: 'everything' }).expect(400, /permission/);
      const changed = (await app.http().patch(`/api/collaboration/shares/${bobShare.id}`).set(ada.auth).send({ permission: 'continue' }).expect(200)).body as Shares;
      expect(changed.shares[0]!.permission).toBe('continue');

      const adaLive = await connect(ada);
      const bobLive = await connect(bob);
      const eveLive = await connect(eve);
      expect(await watch(adaLive.socket, conversationId)).toEqual({ ok: true });
      expect(await watch(bobLive.socket, conversationId)).toEqual({ ok: true });
      expect(await watch(eveLive.socket, conversationId)).toEqual({ error: 'CONVERSATION_NOT_FOUND' });
      expect(await watch(eveLive.socket, 'not-an-id')).toEqual({ error: 'VALIDATION_FAILED' });

      const adaUsageBefore = (await app.http().get('/api/chat/usage').set(ada.auth).expect(200)).body.calls as number;
      const turn = await sendTurn(bob, 'Who built it?').expect(200);
      expect(turn.body.conversationId).toBe(conversationId);

      for (const live of [adaLive, bobLive]) {
        await until(() => live.events.find((e) => e.event === 'chat.turn_event' && e.data.event === 'end'), 'the end of the turn');
        const mine = live.events.filter((e) => e.event === 'chat.turn_event').map((e) => e.data);
        expect(mine.every((e) => e.conversationId === conversationId)).toBe(true);
        expect(mine.map((e) => e.event)).toEqual(expect.arrayContaining(['turn', 'start', 'delta', 'done', 'end']));
        expect(mine.find((e) => e.event === 'turn')).toMatchObject({ question: 'Who built it?', askedBy: { userId: bob.id, name: 'Bob' } });
        expect(mine.filter((e) => e.event === 'delta').map((e) => e.data!['text']).join('')).toBe(turn.body.replies[0].content);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(eveLive.events.filter((e) => e.event === 'chat.turn_event')).toEqual([]);

      const seen = await app.http().get(`/api/chat/conversations/${conversationId}`).set(ada.auth).expect(200);
      expect(seen.body.messages.map((m: { content: string }) => m.content)).toContain('Who built it?');
      // Every question of a shared conversation says who asked it: Bob's his, the earlier ones their owner's.
      const questions = (seen.body.messages as Array<{ role: string; content: string; askedBy?: { userId: string; name: string } }>).filter((m) => m.role === 'user');
      expect(questions.find((m) => m.content === 'Who built it?')!.askedBy).toEqual({ userId: bob.id, name: 'Bob' });
      expect(questions.filter((m) => m.content !== 'Who built it?').every((m) => m.askedBy?.userId === ada.id && m.askedBy.name === 'Ada Lovelace')).toBe(true);
      const asBob = (await app.http().get(`/api/chat/conversations/${conversationId}`).set(bob.auth).expect(200)).body.messages as Array<{ role: string; askedBy?: { userId: string } }>;
      expect(asBob.filter((m) => m.role === 'user').map((m) => m.askedBy?.userId)).toEqual(questions.map((m) => m.askedBy!.userId));
      expect((await app.http().get('/api/chat/usage').set(bob.auth).expect(200)).body.calls).toBe(1);
      expect((await app.http().get('/api/chat/usage').set(ada.auth).expect(200)).body.calls).toBe(adaUsageBefore);
      // Regenerating is the owner's.
      expect((await app.http().post(`/api/chat/conversations/${conversationId}/regenerate`).set(bob.auth).send({ model: LOCAL }).expect(403)).body.code).toBe('SHARED_OWNER_ONLY');
    });

    it('unshares at once: the next request is 404 and the open socket stops receiving the conversation’s turns (the others still do)', async () => {
      await share(ada, { conversationId, userIds: [cara.id], permission: 'read' }).expect(201);
      const adaLive = await connect(ada);
      const bobLive = await connect(bob);
      const caraLive = await connect(cara);
      for (const live of [adaLive, bobLive, caraLive]) expect(await watch(live.socket, conversationId)).toEqual({ ok: true });
      const bobShare = ((await app.http().get(`/api/collaboration/share/${conversationId}`).set(ada.auth).expect(200)).body as Shares).shares.find((s) => s.userId === bob.id)!;
      await app.http().delete(`/api/collaboration/shares/${bobShare.id}`).set(eve.auth).expect(404);
      await app.http().delete(`/api/collaboration/shares/${bobShare.id}`).set(ada.auth).expect(204);

      await app.http().get(`/api/chat/conversations/${conversationId}`).set(bob.auth).expect(404);
      expect((await history(bob)).find((c) => c.id === conversationId)).toBeUndefined();
      expect((await sendTurn(bob, 'still here?').expect(404)).body.code).toBe('CONVERSATION_NOT_FOUND');
      await app.http().delete(`/api/collaboration/shares/${bobShare.id}`).set(ada.auth).expect(404);

      await sendTurn(ada, 'Only for me now').expect(200);
      for (const live of [adaLive, caraLive]) await until(() => live.events.find((e) => e.event === 'chat.turn_event' && e.data.event === 'end'), 'the owner’s turn');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(bobLive.events.filter((e) => e.event === 'chat.turn_event')).toEqual([]);
      // Watching again is refused.
      expect(await watch(bobLive.socket, conversationId)).toEqual({ error: 'CONVERSATION_NOT_FOUND' });
      const caraShare = ((await app.http().get(`/api/collaboration/share/${conversationId}`).set(ada.auth).expect(200)).body as Shares).shares.find((s) => s.userId === cara.id)!;
      await app.http().delete(`/api/collaboration/shares/${caraShare.id}`).set(ada.auth).expect(204);
    });

    it('shares with a project: every member reads it; a member who leaves loses it, open socket included', async () => {
      const project = (await app.http().post('/api/collaboration/projects').set(ada.auth).send({ name: 'Engines' }).expect(201)).body as { id: string };
      await app.http().post(`/api/collaboration/projects/${project.id}/members`).set(ada.auth).send({ email: cara.email, role: 'viewer' }).expect(201);
      // A project I am not in is not mine to share with.
      expect((await share(eve, { conversationId, projectId: project.id, permission: 'read' }).expect(404)).body.code).toBe('CONVERSATION_NOT_FOUND');
      const shares = (await share(ada, { conversationId, projectId: project.id, permission: 'read' }).expect(201)).body as Shares;
      expect(shares.shares).toEqual([expect.objectContaining({ projectId: project.id, userId: null, name: 'Engines', email: null, permission: 'read' })]);
      expect(heard).toContainEqual(expect.objectContaining({ userId: cara.id, conversationId, projectId: project.id }));
      expect(heard).not.toContainEqual(expect.objectContaining({ userId: ada.id }));
      expect((await history(cara)).find((c) => c.id === conversationId)?.shared).toMatchObject({ permission: 'read', byName: 'Ada Lovelace' });

      const caraLive = await connect(cara);
      expect(await watch(caraLive.socket, conversationId)).toEqual({ ok: true });
      await app.http().delete(`/api/collaboration/projects/${project.id}/members/${cara.id}`).set(cara.auth).expect(204);
      await app.http().get(`/api/chat/conversations/${conversationId}`).set(cara.auth).expect(404);
      await sendTurn(ada, 'After Cara left').expect(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(caraLive.events.filter((e) => e.event === 'chat.turn_event')).toEqual([]);
    });
  });

  describe('public link', () => {
    it('shows a snapshot to anyone without an account: title, messages and model names, no ids, costs or e-mail', async () => {
      await app.http().post(`/api/collaboration/share/${conversationId}/link`).set(eve.auth).send({}).expect(404);
      const created = await app.http().post(`/api/collaboration/share/${conversationId}/link`).set(ada.auth).send({}).expect(201);
      const token = created.body.token as string;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(created.body.expiresAt).toBeNull();
      // Stored hashed: the token itself is nowhere in the database.
      const stored: Array<{ token_hash: string }> = await app.dataSource.query(`SELECT token_hash FROM conversation_share_links`);
      expect(stored.map((row) => row.token_hash)).not.toContain(token);

      const snapshot = await app.http().get(`/api/public/conversations/${token}`).expect(200);
      expect(snapshot.body.title).toBe('What is a difference engine?');
      expect(snapshot.body.messages[0]).toEqual({ role: 'user', kind: 'reply', turn: 1, modelName: null, content: 'What is a difference engine?', status: 'complete', createdAt: expect.any(String) });
      expect(snapshot.body.messages[1]).toMatchObject({ role: 'assistant', modelName: expect.stringMatching(/\S/), status: 'complete' });
      const text = JSON.stringify(snapshot.body);
      for (const secret of [conversationId, ada.id, ada.email, bob.email, '"cost"', '"id"']) expect(text).not.toContain(secret);

      const listed = (await app.http().get(`/api/collaboration/share/${conversationId}`).set(ada.auth).expect(200)).body as Shares;
      expect(listed.link).toEqual({ expiresAt: null, createdAt: expect.any(String) });
      expect(JSON.stringify(listed)).not.toContain(token);
    });

    it('a new link replaces the old one; revoked, expired and made-up links answer 404', async () => {
      const first = (await app.http().post(`/api/collaboration/share/${conversationId}/link`).set(ada.auth).send({}).expect(201)).body.token as string;
      const second = (await app.http().post(`/api/collaboration/share/${conversationId}/link`).set(ada.auth).send({ expiresAt: null }).expect(201)).body.token as string;
      expect((await app.http().get(`/api/public/conversations/${first}`).expect(404)).body.code).toBe('SHARE_LINK_NOT_FOUND');
      await app.http().get(`/api/public/conversations/${second}`).expect(200);
      await app.http().delete(`/api/collaboration/share/${conversationId}/link`).set(eve.auth).expect(404);
      await app.http().delete(`/api/collaboration/share/${conversationId}/link`).set(ada.auth).expect(204);
      await app.http().get(`/api/public/conversations/${second}`).expect(404);
      await app.http().delete(`/api/collaboration/share/${conversationId}/link`).set(ada.auth).expect(404, /SHARE_LINK_NOT_FOUND/);
      await app.http().get(`/api/public/conversations/${'A'.repeat(43)}`).expect(404);
      await app.http().get('/api/public/conversations/short').expect(404);

      const past = await app.http().post(`/api/collaboration/share/${conversationId}/link`).set(ada.auth).send({ expiresAt: new Date(Date.now() - 1000).toISOString() }).expect(400);
      expect(past.body).toMatchObject({ code: 'SHARE_LINK_EXPIRY_PAST', details: [{ field: 'expiresAt' }] });
      expect((await app.http().post(`/api/collaboration/share/${conversationId}/link`).set(ada.auth).send({ expiresAt: 'tomorrow' }).expect(400)).body.details[0].field).toBe('expiresAt');

      const soon = await app.http().post(`/api/collaboration/share/${conversationId}/link`).set(ada.auth).send({ expiresAt: new Date(Date.now() + 1500).toISOString() }).expect(201);
      await app.http().get(`/api/public/conversations/${soon.body.token}`).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 1700));
      await app.http().get(`/api/public/conversations/${soon.body.token}`).expect(404);
      expect((await app.http().get(`/api/collaboration/share/${conversationId}`).set(ada.auth).expect(200)).body.link).toBeNull();
    });

    it('goes with its conversation: deleting the conversation ends the link and the shares', async () => {
      const token = (await app.http().post(`/api/collaboration/share/${conversationId}/link`).set(ada.auth).send({}).expect(201)).body.token as string;
      await share(ada, { conversationId, userIds: [bob.id], permission: 'continue' }).expect(201);
      await app.http().delete(`/api/chat/conversations/${conversationId}`).set(ada.auth).expect(204);
      await app.http().get(`/api/public/conversations/${token}`).expect(404);
      expect((await history(bob)).find((c) => c.id === conversationId)).toBeUndefined();
    });
  });
});
