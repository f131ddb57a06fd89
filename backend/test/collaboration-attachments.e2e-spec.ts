import { io, type Socket } from 'socket.io-client';
import { pngOf, videoAndAudio } from './support/media-fixtures';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Attachments of collaboration messages (issue 27), over real HTTP and a real socket: files of the
 * sender's media library, checked (unknown or another user's: 404 naming the id; too many, twice,
 * not ids: 400), shown to every reader of the message with signed links served as the media library
 * serves files (script-capable types only as downloads), and to no one else.
 */
interface Attachment {
  id: string;
  name: string;
  mimeType: string;
  kind: string;
  size: number;
  contentUrl: string;
  thumbnailUrl: string | null;
}
interface Message {
  id: string;
  text: string | null;
  attachments: Attachment[];
  deletedAt: string | null;
}

describe('collaboration attachments', () => {
  let app: TestApp;
  let ada: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  let channelId: string;
  let projectId: string;
  let image: Attachment;
  let audio: Attachment;
  let page: Attachment;
  let evesFile: Attachment;
  const sockets: Socket[] = [];

  const http = (user: TestUser | null, method: 'get' | 'post' | 'patch' | 'delete', path: string, body?: object) => {
    const request = app.http()[method](`/api/collaboration${path}`);
    if (user) request.set(user.auth);
    return body ? request.send(body) : request;
  };
  const upload = async (user: TestUser, data: Buffer, filename: string) => ((await app.http().post('/api/media/upload').set(user.auth).attach('files', data, { filename }).expect(201)).body as Attachment[])[0]!;

  beforeAll(async () => {
    app = await startTestApp({ WEBOX_COLLAB_FLOOD_LIMIT: '10000' });
    ada = await registerUser(app, 'Ada');
    bob = await registerUser(app, 'Bob');
    eve = await registerUser(app, 'Eve');
    const project = (await http(ada, 'post', '/projects', { name: 'Atelier' }).expect(201)).body as { id: string; channelId: string };
    projectId = project.id;
    channelId = project.channelId;
    await http(ada, 'post', `/projects/${projectId}/members`, { email: bob.email }).expect(201);
    image = await upload(ada, await pngOf(64, 48), 'diagram.png');
    audio = await upload(ada, videoAndAudio().wav, 'tone.wav');
    page = await upload(ada, Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>'), 'page.html');
    evesFile = await upload(eve, await pngOf(8, 8), 'secret.png');
  }, 300_000);
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(() => app?.close());

  it('attaches files of my library to a channel message; a member sees them and opens them through their links', async () => {
    const sent = (await http(ada, 'post', '/messages', { channelId, text: 'The **plan**', attachmentIds: [image.id, audio.id, page.id] }).expect(201)).body as Message;
    expect(sent.attachments.map((a) => [a.id, a.name, a.kind])).toEqual([
      [image.id, 'diagram.png', 'image'],
      [audio.id, 'tone.wav', 'audio'],
      [page.id, 'page.html', 'document'],
    ]);
    expect(Object.keys(sent.attachments[0]!).sort()).toEqual(['contentUrl', 'durationSeconds', 'height', 'id', 'kind', 'mimeType', 'name', 'size', 'thumbnailUrl', 'width']);

    const listed = (await http(bob, 'get', `/channels/${channelId}/messages`).expect(200)).body as { items: Message[] };
    const seen = listed.items.find((m) => m.id === sent.id)!;
    expect(seen.attachments.map((a) => a.id)).toEqual([image.id, audio.id, page.id]);
    // Bob is not the owner: his bearer token does not open Ada's file, the link handed to him does.
    await app.http().get(`/api/media/files/${image.id}/content`).set(bob.auth).expect(404);
    const picture = await app.http().get(seen.attachments[0]!.contentUrl).expect(200);
    expect(picture.headers['content-type']).toBe('image/png');
    expect(picture.headers['x-content-type-options']).toBe('nosniff');
    // What could run script is only ever a download, under a sandboxing policy.
    const html = await app.http().get(seen.attachments[2]!.contentUrl).expect(200);
    expect(html.headers['content-disposition']).toMatch(/^attachment;/);
    expect(html.headers['content-security-policy']).toMatch(/default-src 'none'.*sandbox/);
  });

  it('sends a message of attachments only; an empty message without any is still refused', async () => {
    const sent = (await http(ada, 'post', '/messages', { channelId, attachmentIds: [image.id] }).expect(201)).body as Message;
    expect(sent).toMatchObject({ text: '', attachments: [{ id: image.id }] });
    const empty = await http(ada, 'post', '/messages', { channelId, text: '  ', attachmentIds: [] }).expect(400);
    expect(empty.body.details.map((d: { field: string }) => d.field)).toContain('text');
    const long = await http(ada, 'post', '/messages', { channelId, text: 'x'.repeat(10_001), attachmentIds: [image.id] }).expect(400);
    expect(long.body.details.map((d: { field: string }) => d.field)).toContain('text');
  });

  it("refuses another user's file and an unknown id with 404 naming it, and nothing is stored", async () => {
    const before = ((await http(ada, 'get', `/channels/${channelId}/messages`).expect(200)).body as { items: Message[] }).items.length;
    const foreign = await http(ada, 'post', '/messages', { channelId, text: 'look', attachmentIds: [image.id, evesFile.id] }).expect(404);
    expect(foreign.body).toMatchObject({ code: 'COLLAB_ATTACHMENT_NOT_FOUND', params: { id: evesFile.id } });
    expect(foreign.body.message).toContain(evesFile.id);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const missing = await http(ada, 'post', '/messages', { recipientId: bob.id, text: 'look', attachmentIds: [unknown] }).expect(404);
    expect(missing.body).toMatchObject({ code: 'COLLAB_ATTACHMENT_NOT_FOUND', params: { id: unknown } });
    const after = ((await http(ada, 'get', `/channels/${channelId}/messages`).expect(200)).body as { items: Message[] }).items.length;
    expect(after).toBe(before);
  });

  it('refuses more than 10 attachments, one twice, and ids that are not ids (400 naming attachmentIds)', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    for (const attachmentIds of [eleven, [image.id, image.id], ['not-an-id'], 'just-a-string']) {
      const refused = await http(ada, 'post', '/messages', { channelId, text: 'too many', attachmentIds }).expect(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
      expect(refused.body.details.map((d: { field: string }) => d.field)).toContain('attachmentIds');
    }
  });

  it('shows a direct message attachment to its two users only', async () => {
    const sent = (await http(ada, 'post', '/messages', { recipientId: bob.id, text: 'for you', attachmentIds: [image.id] }).expect(201)).body as Message;
    const bobs = (await http(bob, 'get', `/direct/${ada.id}/messages`).expect(200)).body as { items: Message[] };
    expect(bobs.items.find((m) => m.id === sent.id)!.attachments.map((a) => a.id)).toEqual([image.id]);
    await http(eve, 'get', `/channels/${channelId}/messages`).expect(404);
    const eves = (await http(eve, 'get', `/direct/${ada.id}/messages`).expect(200)).body as { items: Message[] };
    expect(eves.items).toEqual([]);
  });

  it('drops the attachments of a deleted message, and a file deleted from the library from its messages', async () => {
    const gone = (await http(ada, 'post', '/messages', { channelId, text: 'oops', attachmentIds: [audio.id] }).expect(201)).body as Message;
    await http(ada, 'delete', `/messages/${gone.id}`).expect(204);
    const throwaway = await upload(ada, await pngOf(4, 4), 'throwaway.png');
    const kept = (await http(ada, 'post', '/messages', { channelId, text: 'two files', attachmentIds: [throwaway.id, image.id] }).expect(201)).body as Message;
    await app.http().delete(`/api/media/files/${throwaway.id}`).set(ada.auth).expect(204);
    const listed = ((await http(bob, 'get', `/channels/${channelId}/messages`).expect(200)).body as { items: Message[] }).items;
    expect(listed.find((m) => m.id === gone.id)).toMatchObject({ text: null, attachments: [] });
    expect(listed.find((m) => m.id === kept.id)!.attachments.map((a) => a.id)).toEqual([image.id]);
  });

  it('sends attachments over the socket too: the ack and the live message carry them; a foreign file is an error ack', async () => {
    const connect = async (user: TestUser) => {
      const socket = io(app.url, { path: '/socket.io', auth: { token: user.accessToken }, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => socket.on('connect', () => resolve()).on('connect_error', reject));
      return socket;
    };
    const [adaSocket, bobSocket] = [await connect(ada), await connect(bob)];
    const live = new Promise<Message>((resolve) => bobSocket.on('collaboration.message', (message: Message) => resolve(message)));
    const ack = (await adaSocket.timeout(5000).emitWithAck('collaboration.send', { channelId, text: 'over the socket', attachmentIds: [image.id] })) as { message: Message };
    expect(ack.message.attachments.map((a) => a.id)).toEqual([image.id]);
    const received = await live;
    expect(received).toMatchObject({ id: ack.message.id, attachments: [{ id: image.id, name: 'diagram.png', kind: 'image' }] });
    await app.http().get(received.attachments[0]!.contentUrl).expect(200);
    const refused = (await adaSocket.timeout(5000).emitWithAck('collaboration.send', { channelId, text: 'nope', attachmentIds: [evesFile.id] })) as { error: string; params: { id: string } };
    expect(refused).toMatchObject({ error: 'COLLAB_ATTACHMENT_NOT_FOUND', params: { id: evesFile.id } });
  });
});
