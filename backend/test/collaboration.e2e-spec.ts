import { EventEmitter2 } from '@nestjs/event-emitter';
import { io, type Socket } from 'socket.io-client';
import type { DomainEventMap, DomainEventName } from '../src/events/domain-events';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Collaboration, first slice (issue 27) over real HTTP and real sockets: projects with roles and a
 * channel, direct messages, cursor pagination and the `after=` catch-up of a client that reconnects,
 * edit and delete by the author, threads, mentions (bus event and live notification), read markers
 * and unread counts, live delivery to every device of every member, typing over the socket.
 */
interface Message {
  id: string;
  channelId: string | null;
  projectId: string | null;
  recipientId: string | null;
  senderId: string;
  senderName: string;
  text: string | null;
  replyToId: string | null;
  replyCount: number;
  editedAt: string | null;
  deletedAt: string | null;
}
interface Project {
  id: string;
  name: string;
  role: string;
  channelId: string;
  unread: number;
  lastMessageId: string | null;
  memberCount: number;
  members: Array<{ userId: string; role: string; name: string; email: string }>;
}

describe('collaboration', () => {
  let app: TestApp;
  let ada: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  let vic: TestUser;
  let project: Project;
  const heard: Array<{ name: DomainEventName; payload: unknown }> = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Many messages a second from one user here: the flood limit has its own test (collaboration-live).
    app = await startTestApp({ WEBOX_COLLAB_FLOOD_LIMIT: '10000' });
    const bus = app.app.get(EventEmitter2);
    for (const name of ['collaboration.message_sent', 'collaboration.mentioned'] as const) bus.on(name, (payload: unknown) => heard.push({ name, payload }));
    ada = await registerUser(app, 'Ada Lovelace');
    bob = await registerUser(app, 'Bob');
    eve = await registerUser(app, 'Eve');
    vic = await registerUser(app, 'Victor');
    project = await createProject(ada, 'Moonshot');
    await http(ada, 'post', `/projects/${project.id}/members`, { email: bob.email }).expect(201);
    await http(ada, 'post', `/projects/${project.id}/members`, { email: vic.email.toUpperCase(), role: 'viewer' }).expect(201);
  }, 90_000);
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(() => app?.close());

  const http = (user: TestUser | null, method: 'get' | 'post' | 'patch' | 'delete', path: string, body?: object) => {
    const request = app.http()[method](`/api/collaboration${path}`);
    if (user) request.set(user.auth);
    return body ? request.send(body) : request;
  };
  async function createProject(user: TestUser, name: string): Promise<Project> {
    return (await http(user, 'post', '/projects', { name }).expect(201)).body as Project;
  }
  const send = async (user: TestUser, body: object) => (await http(user, 'post', '/messages', body).expect(201)).body as Message;
  async function connect(user: TestUser): Promise<{ socket: Socket; events: Array<{ event: string; data: unknown }> }> {
    const socket = io(app.url, { path: '/socket.io', auth: { token: user.accessToken }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const events: Array<{ event: string; data: unknown }> = [];
    socket.onAny((event: string, data: unknown) => events.push({ event, data }));
    await new Promise<void>((resolve, reject) => socket.on('connect', () => resolve()).on('connect_error', reject));
    return { socket, events };
  }
  /** What a conversation sends (presence and notifications aside, which the live spec checks). */
  const conversationEvents = (events: Array<{ event: string; data: unknown }>) => events.filter((e) => e.event !== 'collaboration.presence' && !e.event.startsWith('collaboration.notification'));
  async function until<T>(find: () => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  describe('projects and roles', () => {
    it('creates a project with its channel, owned by its creator; members see it with their role', async () => {
      expect(project).toMatchObject({ name: 'Moonshot', role: 'owner', channelId: expect.any(String) });
      const seen = (await http(bob, 'get', `/projects/${project.id}`).expect(200)).body as Project;
      expect(seen.role).toBe('editor');
      expect(seen.members.map((m) => [m.userId, m.role])).toEqual([
        [ada.id, 'owner'],
        [bob.id, 'editor'],
        [vic.id, 'viewer'],
      ]);
      const list = (await http(vic, 'get', '/projects').expect(200)).body as Project[];
      expect(list.map((p) => [p.id, p.role, p.memberCount])).toEqual([[project.id, 'viewer', 3]]);
      expect((await http(eve, 'get', '/projects').expect(200)).body).toEqual([]);
    });

    it('renames and deletes (owners only); a non-member gets 404, an editor 403; a bad name 400', async () => {
      const other = await createProject(ada, 'Temporary');
      await http(ada, 'post', `/projects/${other.id}/members`, { email: bob.email, role: 'editor' }).expect(201);
      expect((await http(ada, 'patch', `/projects/${other.id}`, { name: '  Renamed ' }).expect(200)).body.name).toBe('Renamed');
      expect((await http(bob, 'patch', `/projects/${other.id}`, { name: 'Mine' }).expect(403)).body.code).toBe('PROJECT_OWNER_ONLY');
      expect((await http(eve, 'get', `/projects/${other.id}`).expect(404)).body.code).toBe('PROJECT_NOT_FOUND');
      expect((await http(eve, 'delete', `/projects/${other.id}`).expect(404)).body.code).toBe('PROJECT_NOT_FOUND');
      expect((await http(ada, 'patch', `/projects/${other.id}`, { name: ' ' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      await http(ada, 'get', '/projects/not-an-id').expect(404);
      await http(bob, 'delete', `/projects/${other.id}`).expect(403);
      await http(ada, 'delete', `/projects/${other.id}`).expect(204);
      await http(bob, 'get', `/projects/${other.id}`).expect(404);
    });

    it('owners add by e-mail, change roles and remove; the last owner stays; members leave', async () => {
      const team = await createProject(ada, 'Team');
      expect((await http(ada, 'post', `/projects/${team.id}/members`, { email: 'nobody@example.com' }).expect(404)).body.code).toBe('COLLABORATOR_NOT_FOUND');
      expect((await http(ada, 'post', `/projects/${team.id}/members`, { email: 'not an email' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await http(ada, 'post', `/projects/${team.id}/members`, { email: eve.email, role: 'boss' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      await http(ada, 'post', `/projects/${team.id}/members`, { email: eve.email, role: 'viewer' }).expect(201);
      expect((await http(ada, 'post', `/projects/${team.id}/members`, { email: eve.email }).expect(409)).body.code).toBe('ALREADY_MEMBER');
      expect((await http(eve, 'post', `/projects/${team.id}/members`, { email: bob.email }).expect(403)).body.code).toBe('PROJECT_OWNER_ONLY');
      expect((await http(ada, 'patch', `/projects/${team.id}/members/${ada.id}`, { role: 'editor' }).expect(409)).body.code).toBe('LAST_OWNER');
      expect((await http(ada, 'delete', `/projects/${team.id}/members/${ada.id}`).expect(409)).body.code).toBe('LAST_OWNER');
      const changed = (await http(ada, 'patch', `/projects/${team.id}/members/${eve.id}`, { role: 'owner' }).expect(200)).body as Project;
      expect(changed.members.find((m) => m.userId === eve.id)?.role).toBe('owner');
      await http(eve, 'patch', `/projects/${team.id}/members/${ada.id}`, { role: 'viewer' }).expect(200);
      expect((await http(ada, 'delete', `/projects/${team.id}/members/${eve.id}`).expect(403)).body.code).toBe('PROJECT_OWNER_ONLY');
      await http(ada, 'delete', `/projects/${team.id}/members/${ada.id}`).expect(204);
      await http(ada, 'get', `/projects/${team.id}`).expect(404);
      expect((await http(eve, 'delete', `/projects/${team.id}/members/${bob.id}`).expect(404)).body.code).toBe('COLLABORATOR_NOT_FOUND');
    });

    it('answers 401 without a token', async () => {
      await http(null, 'get', '/projects').expect(401);
      await http(null, 'post', '/messages', { channelId: project.channelId, text: 'hi' }).expect(401);
    });
  });

  describe('channel messages', () => {
    it('members post and read; a viewer reads but cannot post (403); a non-member gets 404', async () => {
      const message = await send(ada, { channelId: project.channelId, text: 'Kick-off **today**' });
      expect(message).toMatchObject({ channelId: project.channelId, projectId: project.id, recipientId: null, senderId: ada.id, senderName: 'Ada Lovelace', text: 'Kick-off **today**', replyCount: 0, editedAt: null, deletedAt: null });
      const page = (await http(vic, 'get', `/channels/${project.channelId}/messages`).expect(200)).body as { items: Message[] };
      expect(page.items[0]!.id).toBe(message.id);
      expect((await http(vic, 'post', '/messages', { channelId: project.channelId, text: 'me too' }).expect(403)).body.code).toBe('VIEWER_CANNOT_POST');
      expect((await http(eve, 'post', '/messages', { channelId: project.channelId, text: 'let me in' }).expect(404)).body.code).toBe('CHANNEL_NOT_FOUND');
      expect((await http(eve, 'get', `/channels/${project.channelId}/messages`).expect(404)).body.code).toBe('CHANNEL_NOT_FOUND');
      expect((await http(eve, 'get', `/messages/${message.id}/replies`).expect(404)).body.code).toBe('COLLAB_MESSAGE_NOT_FOUND');
      expect((await http(eve, 'post', `/messages/${message.id}/read`).expect(404)).body.code).toBe('COLLAB_MESSAGE_NOT_FOUND');
    });

    it('refuses an empty message, one over 10,000 characters, no target or two targets (400)', async () => {
      for (const text of ['', '   \n ', 'x'.repeat(10_001)]) expect((await http(ada, 'post', '/messages', { channelId: project.channelId, text }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      await send(ada, { channelId: project.channelId, text: 'x'.repeat(10_000) });
      expect((await http(ada, 'post', '/messages', { text: 'to nobody' }).expect(400)).body.code).toBe('MESSAGE_TARGET_REQUIRED');
      expect((await http(ada, 'post', '/messages', { text: 'to both', channelId: project.channelId, recipientId: bob.id }).expect(400)).body.code).toBe('MESSAGE_TARGET_REQUIRED');
      expect((await http(ada, 'post', '/messages', { text: 'bad', channelId: 'nope' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    });

    it('lists newest first by cursor (before=) and catches up after a cursor (after=) without duplicates', async () => {
      const room = await createProject(ada, 'Paging');
      const sent: Message[] = [];
      for (let i = 1; i <= 7; i++) sent.push(await send(ada, { channelId: room.channelId, text: `m${i}` }));
      const first = (await http(ada, 'get', `/channels/${room.channelId}/messages?limit=3`).expect(200)).body as { items: Message[]; hasMore: boolean };
      expect(first.items.map((m) => m.text)).toEqual(['m7', 'm6', 'm5']);
      expect(first.hasMore).toBe(true);
      const second = (await http(ada, 'get', `/channels/${room.channelId}/messages?limit=3&before=${first.items[2]!.id}`).expect(200)).body as { items: Message[]; hasMore: boolean };
      expect(second.items.map((m) => m.text)).toEqual(['m4', 'm3', 'm2']);
      const last = (await http(ada, 'get', `/channels/${room.channelId}/messages?limit=3&before=${second.items[2]!.id}`).expect(200)).body as { items: Message[]; hasMore: boolean };
      expect([last.items.map((m) => m.text), last.hasMore]).toEqual([['m1'], false]);

      // A client saw up to m4, went offline, m5..m7 (and m8) arrived: it asks after its last cursor.
      const missed = (await http(ada, 'get', `/channels/${room.channelId}/messages?limit=2&after=${sent[3]!.id}`).expect(200)).body as { items: Message[]; hasMore: boolean };
      expect([missed.items.map((m) => m.text), missed.hasMore]).toEqual([['m5', 'm6'], true]);
      sent.push(await send(ada, { channelId: room.channelId, text: 'm8' }));
      const rest = (await http(ada, 'get', `/channels/${room.channelId}/messages?after=${missed.items[1]!.id}`).expect(200)).body as { items: Message[]; hasMore: boolean };
      expect([rest.items.map((m) => m.text), rest.hasMore]).toEqual([['m7', 'm8'], false]);
      expect((await http(ada, 'get', `/channels/${room.channelId}/messages?after=${sent[7]!.id}`).expect(200)).body).toEqual({ items: [], hasMore: false });

      // A cursor from another conversation, both cursors, or a bad limit: 400.
      const elsewhere = await send(ada, { channelId: project.channelId, text: 'elsewhere' });
      expect((await http(ada, 'get', `/channels/${room.channelId}/messages?before=${elsewhere.id}`).expect(400)).body.code).toBe('INVALID_CURSOR');
      expect((await http(ada, 'get', `/channels/${room.channelId}/messages?before=${sent[1]!.id}&after=${sent[0]!.id}`).expect(400)).body.code).toBe('INVALID_CURSOR');
      expect((await http(ada, 'get', `/channels/${room.channelId}/messages?limit=101`).expect(400)).body.code).toBe('VALIDATION_FAILED');
    });

    it('edits and deletes by the author only: shown as edited, then deleted with its text gone', async () => {
      const message = await send(bob, { channelId: project.channelId, text: 'Draft' });
      expect((await http(ada, 'patch', `/messages/${message.id}`, { text: 'Hijack' }).expect(403)).body.code).toBe('MESSAGE_NOT_YOURS');
      expect((await http(ada, 'delete', `/messages/${message.id}`).expect(403)).body.code).toBe('MESSAGE_NOT_YOURS');
      expect((await http(eve, 'patch', `/messages/${message.id}`, { text: 'Hijack' }).expect(404)).body.code).toBe('COLLAB_MESSAGE_NOT_FOUND');
      expect((await http(bob, 'patch', `/messages/${message.id}`, { text: '' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      const edited = (await http(bob, 'patch', `/messages/${message.id}`, { text: 'Final' }).expect(200)).body as Message;
      expect(edited).toMatchObject({ text: 'Final', editedAt: expect.any(String), deletedAt: null });
      await http(bob, 'delete', `/messages/${message.id}`).expect(204);
      const listed = ((await http(ada, 'get', `/channels/${project.channelId}/messages`).expect(200)).body as { items: Message[] }).items.find((m) => m.id === message.id);
      expect(listed).toMatchObject({ text: null, deletedAt: expect.any(String) });
      const stored: Array<{ body: string | null }> = await app.dataSource.query('SELECT body FROM collab_messages WHERE id = $1', [message.id]);
      expect(stored[0]!.body).toBeNull();
      expect((await http(bob, 'patch', `/messages/${message.id}`, { text: 'Back' }).expect(409)).body.code).toBe('MESSAGE_DELETED');
      await http(bob, 'delete', `/messages/${message.id}`).expect(204);
    });

    it('lists thread replies under their parent, not in the channel; a reply elsewhere is refused', async () => {
      const room = await createProject(ada, 'Threads');
      await http(ada, 'post', `/projects/${room.id}/members`, { email: bob.email }).expect(201);
      const parent = await send(ada, { channelId: room.channelId, text: 'Question?' });
      const answer = await send(bob, { channelId: room.channelId, text: 'Answer', replyToId: parent.id });
      const nested = await send(ada, { channelId: room.channelId, text: 'Thanks', replyToId: answer.id });
      expect([answer.replyToId, nested.replyToId]).toEqual([parent.id, parent.id]);
      const page = (await http(bob, 'get', `/channels/${room.channelId}/messages`).expect(200)).body as { items: Message[] };
      expect(page.items.map((m) => [m.text, m.replyCount])).toEqual([['Question?', 2]]);
      const thread = (await http(bob, 'get', `/messages/${parent.id}/replies`).expect(200)).body as Message[];
      expect(thread.map((m) => m.text)).toEqual(['Answer', 'Thanks']);
      expect((await http(ada, 'post', '/messages', { channelId: project.channelId, text: 'x', replyToId: parent.id }).expect(400)).body.code).toBe('REPLY_OUTSIDE_CONVERSATION');
    });

    it('mentions by @name or @e-mail local part: a domain event and a live notification to the member only', async () => {
      const bobLive = await connect(bob);
      const eveLive = await connect(eve);
      heard.splice(0);
      const local = ada.email.split('@')[0]!;
      const message = await send(bob, { channelId: project.channelId, text: `Hi @${local} and @Victor, not @Eve nor @bob` });
      const mentioned = await until(() => (heard.filter((e) => e.name === 'collaboration.mentioned').length >= 2 ? heard.filter((e) => e.name === 'collaboration.mentioned') : undefined), 'two mentions');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(heard.filter((e) => e.name === 'collaboration.mentioned').map((e) => (e.payload as DomainEventMap['collaboration.mentioned']).mentionedUserId).sort()).toEqual([ada.id, vic.id].sort());
      expect(mentioned[0]!.payload).toEqual({ userId: (mentioned[0]!.payload as DomainEventMap['collaboration.mentioned']).mentionedUserId, messageId: message.id, mentionedUserId: expect.any(String), senderId: bob.id, channelId: project.channelId, projectId: project.id, occurredAt: expect.any(String) });
      expect(heard.find((e) => e.name === 'collaboration.message_sent')!.payload).toEqual({
        userId: bob.id,
        messageId: message.id,
        senderId: bob.id,
        channelId: project.channelId,
        projectId: project.id,
        recipientId: null,
        replyToId: null,
        recipientIds: expect.arrayContaining([ada.id, vic.id]),
        occurredAt: expect.any(String),
      });
      const adaLive = await connect(ada);
      await send(bob, { channelId: project.channelId, text: 'ping @Ada' });
      const notice = await until(() => adaLive.events.find((e) => e.event === 'collaboration.mention'), 'the mention notification');
      expect(notice.data).toMatchObject({ channelId: project.channelId, projectId: project.id, fromUserId: bob.id, fromName: 'Bob', excerpt: 'ping @Ada' });
      expect(bobLive.events.filter((e) => e.event === 'collaboration.mention')).toEqual([]);
      expect(conversationEvents(eveLive.events)).toEqual([]);
    });

    it('counts unread messages per channel and marks read up to a message', async () => {
      const room = await createProject(ada, 'Unread');
      await http(ada, 'post', `/projects/${room.id}/members`, { email: bob.email }).expect(201);
      const one = await send(ada, { channelId: room.channelId, text: 'one' });
      await send(ada, { channelId: room.channelId, text: 'two' });
      const three = await send(ada, { channelId: room.channelId, text: 'three' });
      const unread = async (user: TestUser) => ((await http(user, 'get', '/projects').expect(200)).body as Project[]).find((p) => p.id === room.id)!;
      expect(await unread(bob)).toMatchObject({ unread: 3, lastMessageId: three.id });
      expect((await unread(ada)).unread).toBe(0);
      await http(bob, 'post', `/messages/${one.id}/read`).expect(204);
      expect((await unread(bob)).unread).toBe(2);
      await http(bob, 'post', `/messages/${three.id}/read`).expect(204);
      await http(bob, 'post', `/messages/${one.id}/read`).expect(204); // never backwards
      expect((await unread(bob)).unread).toBe(0);
    });
  });

  describe('direct messages', () => {
    it('between two users only: listed for both, with unread counts; a third user gets 404', async () => {
      const hello = await send(ada, { recipientId: eve.id, text: 'Hello Eve' });
      expect(hello).toMatchObject({ channelId: null, projectId: null, recipientId: eve.id, senderId: ada.id });
      const reply = await send(eve, { recipientId: ada.id, text: 'Hi Ada', replyToId: hello.id });
      expect(reply.replyToId).toBe(hello.id);
      const mine = (await http(ada, 'get', `/direct/${eve.id}/messages`).expect(200)).body as { items: Message[] };
      const hers = (await http(eve, 'get', `/direct/${ada.id}/messages`).expect(200)).body as { items: Message[] };
      expect(mine.items.map((m) => [m.id, m.replyCount])).toEqual([[hello.id, 1]]);
      expect(hers).toEqual(mine);
      const conversations = (await http(eve, 'get', '/direct').expect(200)).body as Array<{ user: { id: string; name: string }; unread: number; lastMessageId: string }>;
      expect(conversations).toEqual([{ user: { id: ada.id, name: 'Ada Lovelace', email: ada.email }, unread: 0, lastMessageId: reply.id, lastMessageAt: expect.any(String) }]);
      const adaSide = (await http(ada, 'get', '/direct').expect(200)).body as Array<{ user: { id: string }; unread: number }>;
      expect(adaSide.find((c) => c.user.id === eve.id)?.unread).toBe(1);
      expect((await http(bob, 'get', `/messages/${hello.id}/replies`).expect(404)).body.code).toBe('COLLAB_MESSAGE_NOT_FOUND');
      expect((await http(bob, 'patch', `/messages/${hello.id}`, { text: 'x' }).expect(404)).body.code).toBe('COLLAB_MESSAGE_NOT_FOUND');
      expect(((await http(bob, 'get', `/direct/${eve.id}/messages`).expect(200)).body as { items: Message[] }).items).toEqual([]);
    });

    it('refuses a message to oneself, to an unknown user, and a reply from another conversation', async () => {
      expect((await http(ada, 'post', '/messages', { recipientId: ada.id, text: 'me' }).expect(400)).body.code).toBe('DIRECT_TO_SELF');
      expect((await http(ada, 'post', '/messages', { recipientId: '00000000-0000-4000-8000-000000000000', text: 'ghost' }).expect(404)).body.code).toBe('COLLABORATOR_NOT_FOUND');
      await http(ada, 'get', '/direct/00000000-0000-4000-8000-000000000000/messages').expect(404);
      const channelMessage = await send(ada, { channelId: project.channelId, text: 'in the channel' });
      expect((await http(ada, 'post', '/messages', { recipientId: bob.id, text: 'x', replyToId: channelMessage.id }).expect(400)).body.code).toBe('REPLY_OUTSIDE_CONVERSATION');
    });

    it('finds a user by exact e-mail; contacts are the people I share a project or conversation with', async () => {
      expect((await http(eve, 'get', `/contacts/lookup?email=${encodeURIComponent(bob.email.toUpperCase())}`).expect(200)).body).toEqual({ id: bob.id, name: 'Bob', email: bob.email });
      expect((await http(eve, 'get', '/contacts/lookup?email=nobody@example.com').expect(404)).body.code).toBe('COLLABORATOR_NOT_FOUND');
      await http(eve, 'get', '/contacts/lookup?email=bob').expect(400);
      const contacts = (await http(vic, 'get', '/contacts').expect(200)).body as Array<{ id: string }>;
      expect(contacts.map((c) => c.id).sort()).toEqual([ada.id, bob.id].sort());
    });
  });

  describe('live', () => {
    it('delivers a channel message to every connected device of every member (two sockets of one user), not to others', async () => {
      const bobPhone = await connect(bob);
      const bobLaptop = await connect(bob);
      const adaTab = await connect(ada);
      const eveTab = await connect(eve);
      const message = await send(ada, { channelId: project.channelId, text: 'Live to all' });
      for (const device of [bobPhone, bobLaptop, adaTab]) {
        const got = await until(() => device.events.find((e) => e.event === 'collaboration.message' && (e.data as Message).id === message.id), 'the live message');
        expect(got.data).toEqual((await http(ada, 'get', `/channels/${project.channelId}/messages?limit=1`).expect(200)).body.items[0]);
      }
      await http(ada, 'patch', `/messages/${message.id}`, { text: 'Live, edited' }).expect(200);
      const changed = await until(() => bobPhone.events.find((e) => e.event === 'collaboration.message_changed'), 'the edit');
      expect(changed.data).toMatchObject({ id: message.id, text: 'Live, edited', editedAt: expect.any(String) });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(conversationEvents(eveTab.events)).toEqual([]);
    });

    it('delivers a direct message to both users only, and typing to the other member', async () => {
      const bobLive = await connect(bob);
      const eveLive = await connect(eve);
      const vicLive = await connect(vic);
      const dm = await send(eve, { recipientId: bob.id, text: 'psst' });
      await until(() => bobLive.events.find((e) => e.event === 'collaboration.message' && (e.data as Message).id === dm.id), 'the DM for Bob');
      await until(() => eveLive.events.find((e) => e.event === 'collaboration.message' && (e.data as Message).id === dm.id), 'the DM on Eve’s own device');

      expect(await eveLive.socket.emitWithAck('collaboration.typing', { recipientId: bob.id })).toEqual({ ok: true });
      const typing = await until(() => bobLive.events.find((e) => e.event === 'collaboration.typing'), 'typing');
      expect(typing.data).toEqual({ channelId: null, userId: eve.id, name: 'Eve' });

      expect(await bobLive.socket.emitWithAck('collaboration.typing', { channelId: project.channelId })).toEqual({ ok: true });
      const inChannel = await until(() => vicLive.events.find((e) => e.event === 'collaboration.typing'), 'channel typing');
      expect(inChannel.data).toEqual({ channelId: project.channelId, userId: bob.id, name: 'Bob' });
      // A channel one is not part of, or a viewer: an error acknowledgement, nothing sent.
      expect(await eveLive.socket.emitWithAck('collaboration.typing', { channelId: project.channelId })).toMatchObject({ error: 'CHANNEL_NOT_FOUND' });
      expect(await vicLive.socket.emitWithAck('collaboration.typing', { channelId: project.channelId })).toMatchObject({ error: 'VIEWER_CANNOT_POST' });
      expect(await eveLive.socket.emitWithAck('collaboration.typing', 'nonsense')).toMatchObject({ error: 'MESSAGE_TARGET_REQUIRED' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(conversationEvents(vicLive.events).filter((e) => e.event !== 'collaboration.typing')).toEqual([]);
      expect(bobLive.events.filter((e) => e.event === 'collaboration.typing')).toHaveLength(1);
    });

    it('a socket without a valid token is refused', async () => {
      const socket = io(app.url, { path: '/socket.io', auth: { token: 'tampered' }, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      await expect(new Promise((resolve, reject) => socket.on('connect', () => resolve('connected')).on('connect_error', reject))).rejects.toThrow('unauthenticated');
    });

    it('tells a user live when they are added to a project', async () => {
      const eveLive = await connect(eve);
      const room = await createProject(ada, 'Invite');
      await http(ada, 'post', `/projects/${room.id}/members`, { email: eve.email, role: 'viewer' }).expect(201);
      const event = await until(() => eveLive.events.find((e) => e.event === 'collaboration.membership'), 'membership');
      expect(event.data).toEqual({ projectId: room.id, role: 'viewer' });
    });
  });
});
