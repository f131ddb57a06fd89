import { io, type Socket } from 'socket.io-client';
import { startAppProcess, type AppProcess } from './support/app-process';
import { registerUser, startTestApp, testMode, TestApp, TestUser } from './support/test-app';

/**
 * Collaboration, second slice (issue 27) over real HTTP and real sockets: presence from socket
 * connections (online, away when idle or when the client says so, offline), sending over the socket
 * through the REST path, the flood limit shared by both, notifications (list, live, mark read), and
 * two Webox processes on one PostgreSQL and one Redis.
 */
interface Message {
  id: string;
  channelId: string | null;
  recipientId: string | null;
  senderId: string;
  text: string | null;
}
interface Notification {
  id: string;
  kind: string;
  actorId: string | null;
  actorName: string | null;
  messageId: string | null;
  channelId: string | null;
  projectId: string | null;
  excerpt: string;
  readAt: string | null;
}
interface NotificationPage {
  items: Notification[];
  total: number;
  page: number;
  limit: number;
  unread: number;
}
interface Heard {
  event: string;
  data: unknown;
}
type Ack = Record<string, unknown>;

const FLOOD_LIMIT = 5;
/** WEBOX_PRESENCE_INSTANCE_TIMEOUT_MS of the two-process test. */
const INSTANCE_TIMEOUT_MS = 2_000;
const AWAY_MS = 1_500;

async function until<T>(find: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 6_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function client(app: Pick<TestApp, 'url'>, sockets: Socket[]) {
  return async function connect(user: TestUser): Promise<{ socket: Socket; events: Heard[] }> {
    const socket = io(app.url, { path: '/socket.io', auth: { token: user.accessToken }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const events: Heard[] = [];
    socket.onAny((event: string, data: unknown) => events.push({ event, data }));
    await new Promise<void>((resolve, reject) => socket.on('connect', () => resolve()).on('connect_error', reject));
    return { socket, events };
  };
}

const ask = (socket: Socket, event: string, body: unknown) => socket.timeout(5_000).emitWithAck(event, body) as Promise<Ack>;
const presenceOf = (events: Heard[], userId: string) =>
  events
    .filter((e) => e.event === 'collaboration.presence' && (e.data as { userId: string }).userId === userId)
    .map((e) => (e.data as { status: string }).status)
    .at(-1);

describe('collaboration live', () => {
  let app: TestApp;
  let ada: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  let vic: TestUser;
  let project: { id: string; channelId: string };
  const sockets: Socket[] = [];
  let connect: ReturnType<typeof client>;

  beforeAll(async () => {
    app = await startTestApp({ WEBOX_COLLAB_FLOOD_LIMIT: String(FLOOD_LIMIT), WEBOX_COLLAB_FLOOD_WINDOW_MS: '60000', WEBOX_PRESENCE_AWAY_MS: String(AWAY_MS), WEBOX_PRESENCE_TTL_MS: '3000' });
    connect = client(app, sockets);
    ada = await registerUser(app, 'Ada Lovelace');
    bob = await registerUser(app, 'Bob');
    eve = await registerUser(app, 'Eve');
    vic = await registerUser(app, 'Victor');
    project = (await http(ada, 'post', '/projects', { name: 'Live' }).expect(201)).body as { id: string; channelId: string };
    await http(ada, 'post', `/projects/${project.id}/members`, { email: bob.email }).expect(201);
    await http(ada, 'post', `/projects/${project.id}/members`, { email: vic.email, role: 'viewer' }).expect(201);
  }, 90_000);
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(() => app?.close());

  const http = (user: TestUser | null, method: 'get' | 'post', path: string, body?: object) => {
    const request = app.http()[method](`/api/collaboration${path}`);
    if (user) request.set(user.auth);
    return body ? request.send(body) : request;
  };
  const presence = async (user: TestUser) => new Map(((await http(user, 'get', '/presence').expect(200)).body as Array<{ userId: string; status: string }>).map((p) => [p.userId, p.status]));

  describe('presence', () => {
    it('is online with a socket, away when the client says so or when idle, offline with none; members see it live', async () => {
      const watcher = await connect(ada);
      expect((await presence(ada)).get(bob.id)).toBe('offline');
      const phone = await connect(bob);
      await until(() => (presenceOf(watcher.events, bob.id) === 'online' ? true : undefined), 'bob online');
      expect((await presence(ada)).get(bob.id)).toBe('online');
      // Eve shares nothing with Bob: his presence is not hers to see.
      expect((await presence(eve)).has(bob.id)).toBe(false);

      expect(await ask(phone.socket, 'collaboration.presence', { state: 'away' })).toEqual({ ok: true });
      await until(() => (presenceOf(watcher.events, bob.id) === 'away' ? true : undefined), 'bob away');
      // A second device, active: online again; the idle one alone would not be.
      const laptop = await connect(bob);
      await until(() => (presenceOf(watcher.events, bob.id) === 'online' ? true : undefined), 'bob online again');
      // No activity for AWAY_MS: the heartbeat marks the laptop away too.
      await until(async () => ((await presence(ada)).get(bob.id) === 'away' ? true : undefined), 'bob idle');
      // The store says away a moment before the announcement (read, contacts, broadcast) reaches the watcher.
      await until(() => (presenceOf(watcher.events, bob.id) === 'away' ? true : undefined), 'bob idle, heard');
      // Sending counts as activity.
      await ask(laptop.socket, 'collaboration.typing', { channelId: project.channelId });
      expect((await presence(ada)).get(bob.id)).toBe('online');

      phone.socket.close();
      laptop.socket.close();
      await until(() => (presenceOf(watcher.events, bob.id) === 'offline' ? true : undefined), 'bob offline');
      expect((await presence(ada)).get(bob.id)).toBe('offline');
      // The user's own entry comes first.
      expect(((await http(bob, 'get', '/presence').expect(200)).body as Array<{ userId: string }>)[0]!.userId).toBe(bob.id);
    });

    it('refuses a bad state over the socket and anonymous HTTP', async () => {
      const { socket } = await connect(ada);
      expect(await ask(socket, 'collaboration.presence', { state: 'asleep' })).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ field: 'state' }] });
      expect((await http(null, 'get', '/presence').expect(401)).body.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('sending over the socket', () => {
    it('stores the message, acknowledges it and delivers it like POST /messages', async () => {
      const sender = await connect(ada);
      const member = await connect(bob);
      const ack = await ask(sender.socket, 'collaboration.send', { channelId: project.channelId, text: 'Over the **socket**' });
      const message = (ack as { message: Message }).message;
      expect(message).toMatchObject({ channelId: project.channelId, senderId: ada.id, text: 'Over the **socket**' });
      await until(() => member.events.find((e) => e.event === 'collaboration.message' && (e.data as Message).id === message.id), 'delivery');
      const page = (await http(bob, 'get', `/channels/${project.channelId}/messages`).expect(200)).body as { items: Message[] };
      expect(page.items[0]!.id).toBe(message.id);
    });

    it('answers the codes HTTP would: validation, target, not a member, viewer', async () => {
      const { socket } = await connect(vic);
      const outsider = await connect(eve);
      expect(await ask(socket, 'collaboration.send', { channelId: project.channelId, text: '' })).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ field: 'text' }] });
      expect(await ask(socket, 'collaboration.send', { channelId: project.channelId, text: 'x'.repeat(10_001) })).toMatchObject({ error: 'VALIDATION_FAILED' });
      expect(await ask(socket, 'collaboration.send', { channelId: project.channelId, text: 'hi', extra: 1 })).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ field: 'extra' }] });
      expect(await ask(socket, 'collaboration.send', 'just text')).toMatchObject({ error: 'VALIDATION_FAILED' });
      expect(await ask(socket, 'collaboration.send', { text: 'to nobody' })).toMatchObject({ error: 'MESSAGE_TARGET_REQUIRED' });
      expect(await ask(socket, 'collaboration.send', { channelId: project.channelId, text: 'a viewer' })).toMatchObject({ error: 'VIEWER_CANNOT_POST' });
      expect(await ask(outsider.socket, 'collaboration.send', { channelId: project.channelId, text: 'let me in' })).toMatchObject({ error: 'CHANNEL_NOT_FOUND' });
      const page = (await http(ada, 'get', `/channels/${project.channelId}/messages`).expect(200)).body as { items: Message[] };
      expect(page.items.map((m) => m.text)).not.toContain('a viewer');
    });
  });

  describe('flood limit', () => {
    it('counts HTTP and socket together: past the limit 429 with Retry-After, and an error ack', async () => {
      const flooder = await registerUser(app, 'Flo');
      const { socket } = await connect(flooder);
      for (let i = 0; i < FLOOD_LIMIT - 1; i++) await http(flooder, 'post', '/messages', { recipientId: ada.id, text: `n${i}` }).expect(201);
      expect(await ask(socket, 'collaboration.send', { recipientId: ada.id, text: 'last allowed' })).toHaveProperty('message');
      const refused = await http(flooder, 'post', '/messages', { recipientId: ada.id, text: 'one too many' }).expect(429);
      expect(refused.body).toMatchObject({ code: 'COLLAB_FLOOD_LIMITED', params: { limit: FLOOD_LIMIT, windowSeconds: 60 } });
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await ask(socket, 'collaboration.send', { recipientId: ada.id, text: 'still too many' })).toMatchObject({ error: 'COLLAB_FLOOD_LIMITED', params: { retryAfterSeconds: expect.any(Number) } });
      // Nothing past the limit was stored; another user is not limited.
      const page = (await http(ada, 'get', `/direct/${flooder.id}/messages`).expect(200)).body as { items: Message[] };
      expect(page.items).toHaveLength(FLOOD_LIMIT);
      await http(bob, 'post', '/messages', { recipientId: ada.id, text: 'unaffected' }).expect(201);
    });
  });

  describe('notifications', () => {
    it('a message and a mention reach the other user live and in the list; marking read lowers the badge', async () => {
      const reader = await registerUser(app, 'Rita Reader');
      const writer = await registerUser(app, 'Walt');
      const { events } = await connect(reader);
      const first = (await http(writer, 'post', '/messages', { recipientId: reader.id, text: 'Hello Rita' }).expect(201)).body as Message;
      // A plain message: the message itself is the live notification (one socket write per device, not two).
      await until(() => events.find((e) => e.event === 'collaboration.message' && (e.data as Message).id === first.id), 'the live message');
      const listed = await until(async () => {
        const body = (await http(reader, 'get', '/notifications').expect(200)).body as NotificationPage;
        return body.items.length ? body : undefined;
      }, 'the stored notification');
      expect(listed).toMatchObject({ unread: 1, items: [{ kind: 'message', messageId: first.id, actorId: writer.id, actorName: 'Walt', excerpt: 'Hello Rita', readAt: null }] });


      const mention = (await http(writer, 'post', '/messages', { recipientId: reader.id, text: 'Look @rita' }).expect(201)).body as Message;
      // A mention is pushed, with the count.
      const live = await until(() => events.find((e) => e.event === 'collaboration.notification'), 'a live mention notification');
      expect(live.data).toMatchObject({ unread: 2, notification: { kind: 'mention', messageId: mention.id, actorName: 'Walt', excerpt: 'Look @rita', readAt: null } });
      expect(events.filter((e) => e.event === 'collaboration.notification')).toHaveLength(1);
      const page = await until(async () => {
        const body = (await http(reader, 'get', '/notifications').expect(200)).body as NotificationPage;
        return body.items.some((n) => n.messageId === mention.id && n.kind === 'mention') ? body : undefined;
      }, 'the mention');
      // One row per message: the mention is not also a plain message notification.
      expect(page).toMatchObject({ total: 2, unread: 2, page: 1, limit: 20 });
      expect(page.items.map((n) => [n.kind, n.messageId])).toEqual([
        ['mention', mention.id],
        ['message', first.id],
      ]);
      expect((await http(reader, 'get', '/notifications?page=2&limit=1').expect(200)).body).toMatchObject({ items: [{ messageId: first.id }], total: 2, unread: 2 });

      expect((await http(reader, 'post', `/notifications/${page.items[1]!.id}/read`).expect(200)).body).toEqual({ unread: 1 });
      await until(() => events.find((e) => e.event === 'collaboration.notifications_read' && (e.data as { unread: number }).unread === 1), 'read event');
      // Someone else's notification: 404; a bad id: 404; bad paging: 400.
      expect((await http(writer, 'post', `/notifications/${page.items[0]!.id}/read`).expect(404)).body.code).toBe('NOTIFICATION_NOT_FOUND');
      await http(reader, 'post', '/notifications/not-an-id/read').expect(404);
      expect((await http(reader, 'get', '/notifications?limit=500').expect(400)).body.details[0].field).toBe('limit');
      expect((await http(reader, 'post', '/notifications/read-all').expect(200)).body).toEqual({ unread: 0 });
      expect((await http(reader, 'get', '/notifications').expect(200)).body.items.every((n: Notification) => n.readAt)).toBe(true);
      await http(null, 'get', '/notifications').expect(401);
    });

    it('reading the conversation reads its notifications; channel messages notify every other member', async () => {
      const before = ((await http(vic, 'get', '/notifications').expect(200)).body as NotificationPage).unread;
      const message = (await http(bob, 'post', '/messages', { channelId: project.channelId, text: 'For the team' }).expect(201)).body as Message;
      const seen = await until(async () => {
        const body = (await http(vic, 'get', '/notifications').expect(200)).body as NotificationPage;
        return body.items.find((n) => n.messageId === message.id) ? body : undefined;
      }, 'the channel notification');
      expect(seen.unread).toBe(before + 1);
      expect(seen.items[0]).toMatchObject({ kind: 'message', channelId: project.channelId, projectId: project.id });
      await http(vic, 'post', `/messages/${message.id}/read`).expect(204);
      expect(((await http(vic, 'get', '/notifications').expect(200)).body as NotificationPage).unread).toBe(0);
      // Answering in a conversation reads what came before the answer (vic, a viewer of the project, answers bob directly).
      const direct = (await http(bob, 'post', '/messages', { recipientId: vic.id, text: 'Anyone?' }).expect(201)).body as Message;
      await until(async () => ((await http(vic, 'get', '/notifications').expect(200)).body as NotificationPage).items.find((n) => n.messageId === direct.id && !n.readAt), 'the direct notification');
      await http(vic, 'post', '/messages', { recipientId: bob.id, text: 'Me' }).expect(201);
      expect(((await http(vic, 'get', '/notifications').expect(200)).body as NotificationPage).unread).toBe(0);
      // The sender is not notified of their own message.
      expect(((await http(bob, 'get', '/notifications').expect(200)).body as NotificationPage).items.some((n) => n.messageId === message.id)).toBe(false);
    });
  });
});

/**
 * Two Webox processes on one PostgreSQL and one Redis: this test's app, and a second process
 * (`backend/src/main.ts` under ts-node) with the same database, Redis, secret and key prefix, as
 * instances of one deployment are (server mode only: embedded mode has no Redis, so its sockets live
 * in one process and there is no second instance to reach).
 */
const serverOnly = testMode() === 'server' ? describe : describe.skip;
serverOnly('collaboration across two processes', () => {
  let one: TestApp;
  let two: AppProcess | undefined;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // The TTL stays at its 60 s: a dead instance's users going offline sooner is the liveness beat's doing.
    one = await startTestApp({ WEBOX_PRESENCE_INSTANCE_TIMEOUT_MS: String(INSTANCE_TIMEOUT_MS) });
    // ts-node compiles the app as it starts: seconds on a quiet machine, minutes on a saturated one.
    two = await startAppProcess(one, { WEBOX_PRESENCE_INSTANCE_TIMEOUT_MS: String(INSTANCE_TIMEOUT_MS) });
  }, 240_000);
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  // The child is stopped whatever happened (it is also killed if this process exits first).
  afterAll(async () => {
    await two?.stop();
    await one?.close();
  }, 30_000);

  it('a message sent through one instance reaches a client of the other; a reconnecting client catches up by cursor without duplicates; presence is shared', async () => {
    const two = twoProcess();
    const ada = await registerUser(one, 'Ada');
    const bob = await registerUser(one, 'Bob');
    const onOne = await client(one, sockets)(ada);
    const onTwo = await client(two, sockets)(bob);

    // Through instance one, over HTTP, and over instance one's socket.
    const first = (await one.http().post('/api/collaboration/messages').set(ada.auth).send({ recipientId: bob.id, text: 'from one' }).expect(201)).body as Message;
    await until(() => onTwo.events.find((e) => e.event === 'collaboration.message' && (e.data as Message).id === first.id), 'delivery on instance two');
    const ack = (await ask(onOne.socket, 'collaboration.send', { recipientId: bob.id, text: 'socket on one' })) as { message: Message };
    await until(() => onTwo.events.find((e) => e.event === 'collaboration.message' && (e.data as Message).id === ack.message.id), 'socket send on instance two');
    // Bob's presence, held by instance two, is seen through instance one.
    const seen = (await one.http().get('/api/collaboration/presence').set(ada.auth).expect(200)).body as Array<{ userId: string; status: string }>;
    expect(seen.find((p) => p.userId === bob.id)?.status).toBe('online');

    // Bob drops; messages arrive meanwhile; he reconnects to the other instance and asks for what came after the last one he saw.
    onTwo.socket.close();
    await until(() => (presenceOf(onOne.events, bob.id) === 'offline' ? true : undefined), 'bob offline on instance one');
    const missed: Message[] = [];
    for (const text of ['missed 1', 'missed 2', 'missed 3']) missed.push((await two.http().post('/api/collaboration/messages').set(ada.auth).send({ recipientId: bob.id, text }).expect(201)).body as Message);
    const back = await client(one, sockets)(bob);
    const caughtUp = (await one.http().get(`/api/collaboration/direct/${ada.id}/messages`).query({ after: ack.message.id }).set(bob.auth).expect(200)).body as { items: Message[]; hasMore: boolean };
    expect(caughtUp.items.map((m) => m.text)).toEqual(['missed 1', 'missed 2', 'missed 3']);
    expect(caughtUp.hasMore).toBe(false);
    expect(new Set(caughtUp.items.map((m) => m.id)).size).toBe(3);
    // Live again, across instances: a new one arrives once, and the catch-up did not replay it.
    const after = (await two.http().post('/api/collaboration/messages').set(ada.auth).send({ recipientId: bob.id, text: 'live again' }).expect(201)).body as Message;
    await until(() => back.events.find((e) => e.event === 'collaboration.message' && (e.data as Message).id === after.id), 'live after reconnect');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(back.events.filter((e) => e.event === 'collaboration.message').map((e) => (e.data as Message).id)).toEqual([after.id]);
    const next = (await one.http().get(`/api/collaboration/direct/${ada.id}/messages`).query({ after: missed[2]!.id }).set(bob.auth).expect(200)).body as { items: Message[] };
    expect(next.items.map((m) => m.id)).toEqual([after.id]);
    // The same in the other direction: sent through the process, delivered by this app.
    const back2 = (await two.http().post('/api/collaboration/messages').set(bob.auth).send({ recipientId: ada.id, text: 'from two' }).expect(201)).body as Message;
    await until(() => onOne.events.find((e) => e.event === 'collaboration.message' && (e.data as Message).id === back2.id), 'delivery on instance one');
  }, 60_000);

  // Last: it kills the second process.
  it('an instance killed outright: its users go offline for the others within the instance timeout, not the presence TTL', async () => {
    const two = twoProcess();
    const ada = await registerUser(one, 'Ada');
    const bob = await registerUser(one, 'Bob');
    const project = (await one.http().post('/api/collaboration/projects').set(ada.auth).send({ name: 'Crash' }).expect(201)).body as { id: string };
    await one.http().post(`/api/collaboration/projects/${project.id}/members`).set(ada.auth).send({ email: bob.email }).expect(201);
    const onOne = await client(one, sockets)(ada);
    await client(two, sockets)(bob);
    await until(() => (presenceOf(onOne.events, bob.id) === 'online' ? true : undefined), 'bob online, held by instance two');

    two.child.kill('SIGKILL');
    // The bound: the timeout plus a beat of the survivor (a fifth of it), with slack for a loaded
    // machine; far under the presence TTL (60 s), after which it would have faded out anyway.
    await until(() => (presenceOf(onOne.events, bob.id) === 'offline' ? true : undefined), 'bob offline after instance two died', INSTANCE_TIMEOUT_MS * 1.2 + 8_000);
    const seen = (await one.http().get('/api/collaboration/presence').set(ada.auth).expect(200)).body as Array<{ userId: string; status: string }>;
    expect(seen.find((p) => p.userId === bob.id)?.status).toBe('offline');
  }, 60_000);

  const twoProcess = () => {
    if (!two) throw new Error('the second process did not start');
    return two;
  };
});
