import { pngOf } from './support/media-fixtures';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Media folders, prompts and agents shared with a project (issue 27 §3), over real HTTP: an owner or
 * editor shares one of their own; every member then reads and uses it (prompt library, chat with
 * the agent, the folder's files and their bytes), read-only unless it is theirs; a viewer shares
 * nothing (403), another user's resource is a 404, and unsharing or leaving ends access at once.
 */
interface Share {
  id: string;
  projectId: string;
  kind: string;
  resourceId: string;
  name: string;
  sharedById: string;
  sharedByName: string;
  mine: boolean;
}

describe('collaboration: project shares', () => {
  let app: TestApp;
  let ada: TestUser; // owner
  let bob: TestUser; // editor
  let vic: TestUser; // viewer
  let eve: TestUser; // outsider
  let projectId: string;
  let promptId: string;
  let agentId: string;
  let folderId: string;
  let fileId: string;
  let evesPromptId: string;
  const shares: Record<string, Share> = {};

  const collab = (user: TestUser, method: 'get' | 'post' | 'delete', path: string, body?: object) => {
    const request = app.http()[method](`/api/collaboration${path}`).set(user.auth);
    return body ? request.send(body) : request;
  };
  const libraryIds = async (user: TestUser, scope?: string) =>
    ((await app.http().get(`/api/prompts${scope ? `?scope=${scope}` : ''}`).set(user.auth).expect(200)).body as { items: Array<{ id: string }> }).items.map((p) => p.id);
  const agentIds = async (user: TestUser) => ((await app.http().get('/api/agents').set(user.auth).expect(200)).body as Array<{ id: string }>).map((a) => a.id);

  beforeAll(async () => {
    app = await startTestApp();
    [ada, bob, vic, eve] = [await registerUser(app, 'Ada'), await registerUser(app, 'Bob'), await registerUser(app, 'Vic'), await registerUser(app, 'Eve')];
    projectId = ((await collab(ada, 'post', '/projects', { name: 'Atelier' }).expect(201)).body as { id: string }).id;
    await collab(ada, 'post', `/projects/${projectId}/members`, { email: bob.email, role: 'editor' }).expect(201);
    await collab(ada, 'post', `/projects/${projectId}/members`, { email: vic.email, role: 'viewer' }).expect(201);
    promptId = (await app.http().post('/api/prompts').set(bob.auth).send({ title: 'Bob’s brief', body: 'Summarise {{topic}} for the team', category: 'writing' }).expect(201)).body.id;
    agentId = (await app.http().post('/api/agents').set(bob.auth).send({ name: 'Reviewer', instructions: 'You review drafts for the team.', defaultModel: 'local/webox-mini' }).expect(201)).body.id;
    folderId = (await app.http().post('/api/media/folders').set(bob.auth).send({ name: 'Team assets' }).expect(201)).body.id;
    fileId = (await app.http().post(`/api/media/upload?folderId=${folderId}`).set(bob.auth).attach('files', await pngOf(16, 16), { filename: 'logo.png' }).expect(201)).body[0].id;
    evesPromptId = (await app.http().post('/api/prompts').set(eve.auth).send({ title: 'Eve’s', body: 'Hello', category: 'writing' }).expect(201)).body.id;
  }, 300_000);
  afterAll(() => app?.close());

  it('an editor shares a prompt, an agent and a media folder of their own; every member lists them', async () => {
    for (const [kind, resourceId] of [['prompt', promptId], ['agent', agentId], ['media_folder', folderId]] as const) {
      const share = (await collab(bob, 'post', `/projects/${projectId}/shares`, { kind, resourceId }).expect(201)).body as Share;
      expect(share).toMatchObject({ projectId, kind, resourceId, sharedById: bob.id, sharedByName: 'Bob', mine: true });
      shares[kind] = share;
    }
    expect(shares['prompt']!.name).toBe('Bob’s brief');
    expect(shares['media_folder']!.name).toBe('Team assets');
    // Sharing again changes nothing.
    const again = (await collab(bob, 'post', `/projects/${projectId}/shares`, { kind: 'prompt', resourceId: promptId }).expect(201)).body as Share;
    expect(again.id).toBe(shares['prompt']!.id);
    const seen = (await collab(vic, 'get', `/projects/${projectId}/shares`).expect(200)).body as Share[];
    expect(seen.map((s) => s.kind).sort()).toEqual(['agent', 'media_folder', 'prompt']);
    expect(seen.every((s) => !s.mine && s.sharedByName === 'Bob')).toBe(true);
  });

  it('every other member is notified once per shared resource (named), the sharer not at all; the event reaches the activity feed', async () => {
    type Notification = { kind: string; actorId: string; projectId: string; excerpt: string };
    const projectShares = async (user: TestUser) =>
      ((await collab(user, 'get', '/notifications?limit=50').expect(200)).body.items as Notification[]).filter((n) => n.kind === 'project_share');
    // The notifications are written by the bus's consumers, after the share answered.
    const settled = async (user: TestUser, count: number) => {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
        const found = await projectShares(user);
        if (found.length >= count) return found;
      }
      return projectShares(user);
    };
    for (const member of [ada, vic]) {
      const found = await settled(member, 3);
      expect(found.map((n) => n.excerpt).sort()).toEqual(['Bob’s brief', 'Reviewer', 'Team assets']);
      expect(found.every((n) => n.actorId === bob.id && n.projectId === projectId)).toBe(true);
    }
    expect(await projectShares(bob)).toEqual([]);
    const feed = (await app.http().get('/api/dashboard/activity?limit=50').set(vic.auth).expect(200)).body.items as Array<{ name: string }>;
    expect(feed.filter((event) => event.name === 'collaboration.resource_shared')).toHaveLength(3);
  });

  it('members find the shared prompt in their library and use it, but only its owner changes it', async () => {
    expect(await libraryIds(ada)).toContain(promptId);
    expect(await libraryIds(vic, 'shared')).toContain(promptId);
    expect(await libraryIds(vic, 'mine')).not.toContain(promptId);
    expect(await libraryIds(eve)).not.toContain(promptId);
    const used = await app.http().post(`/api/prompts/${promptId}/use`).set(vic.auth).send({ variables: { topic: 'the launch' } }).expect(200);
    expect(used.body.text).toBe('Summarise the launch for the team');
    const refused = await app.http().put(`/api/prompts/${promptId}`).set(ada.auth).send({ title: 'Mine now', body: 'x', category: 'writing' });
    expect(refused.status).toBe(403);
    await app.http().delete(`/api/prompts/${promptId}`).set(vic.auth).expect(403);
    await app.http().get(`/api/prompts/${promptId}`).set(eve.auth).expect(404);
  });

  it('members chat with the shared agent; only its owner changes it', async () => {
    expect(await agentIds(vic)).toContain(agentId);
    expect(await agentIds(eve)).not.toContain(agentId);
    const turn = await app.http().post('/api/assistants/chat').set(ada.auth).send({ agentId, message: 'Review this: hello' }).expect(200);
    expect(turn.body.replies[0].status).toBe('complete');
    const edit = await app.http().patch(`/api/agents/${agentId}`).set(ada.auth).send({ name: 'Mine', instructions: 'x', defaultModel: 'local/webox-mini' });
    expect(edit.status).toBe(403);
    expect(edit.body.code).toBe('AGENT_NOT_YOURS');
    await app.http().delete(`/api/agents/${agentId}`).set(vic.auth).expect(403);
    await app.http().post('/api/assistants/chat').set(eve.auth).send({ agentId, message: 'hello' }).expect(404);
  });

  it("members list the shared folder's files, open and download them; they cannot change them", async () => {
    const page = (await app.http().get(`/api/media/files?folderId=${folderId}`).set(vic.auth).expect(200)).body as { items: Array<{ id: string; contentUrl: string }>; total: number };
    expect(page.items.map((f) => f.id)).toEqual([fileId]);
    await app.http().get(`/api/media/files/${fileId}`).set(vic.auth).expect(200);
    const bytes = await app.http().get(`/api/media/files/${fileId}/content?download=true`).set(vic.auth).expect(200);
    expect(bytes.headers['content-disposition']).toContain('attachment');
    await app.http().get(page.items[0]!.contentUrl).expect(200);
    await app.http().delete(`/api/media/files/${fileId}`).set(vic.auth).expect(404);
    // An outsider: the folder and the file are 404s, as if they did not exist.
    await app.http().get(`/api/media/files?folderId=${folderId}`).set(eve.auth).expect(404);
    await app.http().get(`/api/media/files/${fileId}/content`).set(eve.auth).expect(404);
  });

  it('a viewer shares nothing (403); another user’s or an unknown resource is a 404; bad input a 400 naming the field', async () => {
    const vicsPrompt = (await app.http().post('/api/prompts').set(vic.auth).send({ title: 'Vic’s', body: 'Hi', category: 'writing' }).expect(201)).body.id as string;
    const viewer = await collab(vic, 'post', `/projects/${projectId}/shares`, { kind: 'prompt', resourceId: vicsPrompt }).expect(403);
    expect(viewer.body.code).toBe('VIEWER_CANNOT_SHARE');
    const others = await collab(ada, 'post', `/projects/${projectId}/shares`, { kind: 'prompt', resourceId: evesPromptId }).expect(404);
    expect(others.body.code).toBe('SHARED_RESOURCE_NOT_FOUND');
    // Bob's agent id given as a prompt, and Bob's folder shared by Ada: not hers.
    await collab(bob, 'post', `/projects/${projectId}/shares`, { kind: 'prompt', resourceId: agentId }).expect(404);
    await collab(ada, 'post', `/projects/${projectId}/shares`, { kind: 'media_folder', resourceId: folderId }).expect(404);
    // Eve is no member: the project is a 404 to her, to list or to share in.
    await collab(eve, 'get', `/projects/${projectId}/shares`).expect(404);
    await collab(eve, 'post', `/projects/${projectId}/shares`, { kind: 'prompt', resourceId: evesPromptId }).expect(404);
    const bad = await collab(bob, 'post', `/projects/${projectId}/shares`, { kind: 'song', resourceId: 'x' }).expect(400);
    expect(JSON.stringify(bad.body.details)).toContain('kind');
    expect(JSON.stringify(bad.body.details)).toContain('resourceId');
    await app.http().get(`/api/collaboration/projects/${projectId}/shares`).expect(401);
  });

  it('only who shared it or an owner unshares; access ends at once', async () => {
    const refused = await collab(vic, 'delete', `/projects/${projectId}/shares/${shares['prompt']!.id}`).expect(403);
    expect(refused.body.code).toBe('PROJECT_SHARE_NOT_YOURS');
    await collab(bob, 'delete', `/projects/${projectId}/shares/${shares['prompt']!.id}`).expect(204);
    await collab(bob, 'delete', `/projects/${projectId}/shares/${shares['prompt']!.id}`).expect(404);
    await app.http().get(`/api/prompts/${promptId}`).set(vic.auth).expect(404);
    expect(await libraryIds(vic)).not.toContain(promptId);
    // An owner of the project unshares what an editor shared.
    await collab(ada, 'delete', `/projects/${projectId}/shares/${shares['agent']!.id}`).expect(204);
    await app.http().post('/api/assistants/chat').set(vic.auth).send({ agentId, message: 'hello' }).expect(404);
  });

  it('a removed member loses access at once; a sharer who leaves takes back what they shared', async () => {
    await app.http().get(`/api/media/files/${fileId}`).set(vic.auth).expect(200);
    await collab(ada, 'delete', `/projects/${projectId}/members/${vic.id}`).expect(204);
    await app.http().get(`/api/media/files/${fileId}`).set(vic.auth).expect(404);
    await collab(vic, 'get', `/projects/${projectId}/shares`).expect(404);
    await app.http().get(`/api/media/files/${fileId}`).set(ada.auth).expect(200);
    await collab(bob, 'delete', `/projects/${projectId}/members/${bob.id}`).expect(204);
    await app.http().get(`/api/media/files/${fileId}`).set(ada.auth).expect(404);
    expect((await collab(ada, 'get', `/projects/${projectId}/shares`).expect(200)).body).toEqual([]);
  });
});
