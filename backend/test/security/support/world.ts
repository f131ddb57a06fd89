import { randomBytes } from 'node:crypto';
import { McpTestServer, startMcpTestServer } from '../../support/mcp-test-server';
import { pngOf } from '../../support/media-fixtures';
import { startProviderEmulator, type ProviderEmulator } from '../../support/provider-emulator';
import { registerUser, startTestApp, TestApp, TestUser } from '../../support/test-app';

/**
 * What the attack suites attack: three accounts (the first is the admin) and, made beforehand by
 * the owner through the API, one object of every kind Webox keeps — real ids, so that a 404 for
 * another user means "not yours", not "malformed". Every private text the owner writes carries
 * `marker`, so an answer that leaks the owner's data to someone else is found by searching for it.
 */

/** The admin's published blog article (the world's users are not editors); the matrix edits it with the same slug. */
export const WORLD_BLOG_ARTICLE = {
  slug: 'matrix-world-article',
  title: 'Matrix article',
  excerpt: 'An article of the world.',
  body: '# Matrix\n\nAn article the matrix reads and edits.',
  category: 'Tests',
  tags: ['matrix'],
  language: 'en',
  status: 'published',
};

/** The admin's own catalog tool (shipped ones are read-only); the matrix changes it with the same slug. */
export const WORKSPACE_CATALOG_TOOL = {
  slug: 'matrix-workspace-tool',
  name: 'Matrix tool',
  vendor: 'Webox tests',
  category: 'productivity',
  descriptionEn: 'A tool of the workspace.',
  descriptionFr: "Un outil de l'espace de travail.",
  website: 'https://tool.example.com',
  pricing: 'free',
  publicApi: false,
};

/** An admin's OpenAI-compatible endpoint, saved unchecked (nothing listens there: the tests never call it). */
export const MATRIX_ENDPOINT = {
  name: 'Matrix endpoint',
  baseUrl: 'http://127.0.0.1:9/v1',
  apiKey: 'sk-matrix-endpoint-key',
  models: [{ vendorModel: 'matrix-model', name: 'Matrix model' }],
  skipCheck: true,
};

export interface Account extends TestUser {
  /** A personal access token (for `/v1`). */
  pat: string;
}

export interface World {
  marker: string;
  admin: Account;
  owner: Account;
  other: Account;
  ownerIds: {
    conversation: string;
    reply: string;
    preset: string;
    prompt: string;
    agent: string;
    folder: string;
    /** A PNG in the folder (it has a thumbnail). */
    image: string;
    /** A Markdown document, indexed in the collection. */
    document: string;
    job: string;
    collection: string;
    /** The document's file in the collection. */
    knowledgeFile: string;
    chunk: string;
    mcpServer: string;
    providerKey: string;
    accessToken: string;
    /** A saved workflow, and a finished run of it. */
    workflow: string;
    workflowRun: string;
    /** An automation trigger (to an address that does not resolve here), a test delivery of it, and a hook of the workflow. */
    trigger: string;
    delivery: string;
    hook: string;
    /** A collaboration project (the owner owns it, `collaborator` is an editor), its channel, and a direct message to `collaborator`. */
    project: string;
    channel: string;
    collabMessage: string;
    /** The owner's conversation shared (read) with `collaborator`. */
    share: string;
    /** A phone assistant answering WORLD_TWILIO.number, and an outbound call it placed (through the emulated Twilio). */
    voiceAssistant: string;
    voiceCall: string;
  };
  /** A user who is a member of the owner's project and has a direct conversation with the owner (not a private object). */
  collaborator: string;
  /** The signed links of the owner's image (content and thumbnail) and of the document's content. */
  links: { imageContent: string; imageThumbnail: string; documentContent: string };
  /** Made by the admin: a workspace provider key and a shared MCP server. */
  adminIds: { workspaceKey: string; sharedMcpServer: string; invitation: string; pendingUser: string; activeUser: string; disabledUser: string; catalogTool: string; endpoint: string; blogArticle: string; blogRevision: string };
  /** An MCP server on loopback that the operator allow-listed (users may add it). */
  mcpUrl: string;
  /** Every id of the owner's private objects: none may reach another user. */
  privateIds(): string[];
}

export const OFFLINE_CHAT = 'local/webox-mini';

/** The emulated Twilio account of the world: the owner's and the workspace's (so every user has one), and its first number. */
export const WORLD_TWILIO = { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'twilio-world-token-42', number: '+15005550100', numberSid: 'PN11111111111111111111111111111111' };

/** The app the matrix and the fuzzer attack: its own database, an allow-listed MCP server, the world made. */
export interface AttackTarget {
  app: TestApp;
  world: World;
  close(): Promise<void>;
}

export async function startAttackTarget(): Promise<AttackTarget> {
  const mcp: McpTestServer = await startMcpTestServer();
  let app: TestApp | undefined;
  let emulator: ProviderEmulator | undefined;
  const close = async () => {
    await app?.close();
    await mcp.close();
    await emulator?.close();
  };
  try {
    // Twilio's REST API is the provider emulator's (voice routes verify credentials, list numbers and place calls through it).
    emulator = await startProviderEmulator({ apiKeys: [WORLD_TWILIO.authToken] });
    app = await startTestApp({ WEBOX_FETCH_ALLOWLIST: `127.0.0.1:${mcp.port}`, WEBOX_LOCAL_TOKEN_DELAY_MS: '0', TWILIO_API_BASE_URL: emulator.twilioBaseUrl, WEBOX_PUBLIC_URL: 'https://webox.example.com' });
    return { app, world: await buildWorld(app, mcp.url), close };
  } catch (error) {
    await close();
    throw error;
  }
}
export const OFFLINE_IMAGE = 'local/webox-draw';

export async function buildWorld(app: TestApp, mcpUrl: string): Promise<World> {
  const marker = `ada-private-${randomBytes(4).toString('hex')}`;
  const admin = await account(app, 'Grace Admin');
  const owner = await account(app, 'Ada Owner');
  const other = await account(app, 'Bob Other');
  const as = (who: TestUser) => ({ get: (path: string) => app.http().get(path).set(who.auth), post: (path: string, body?: object) => app.http().post(path).set(who.auth).send(body) });
  const ok = async <T>(call: PromiseLike<{ status: number; body: unknown; text: string }>, status: number): Promise<T> => {
    const response = await call;
    if (response.status !== status) throw new Error(`world: expected ${status}, got ${response.status}: ${response.text}`);
    return response.body as T;
  };
  const ada = as(owner);
  // Every account of registerUser has the same password: the owner's must be their own. A password
  // change revokes personal access tokens, so the owner's is made again afterwards.
  const password = `ada-${marker}-42`;
  await ok(ada.post('/api/profile/password', { currentPassword: owner.password, newPassword: password }), 204);
  owner.password = password;
  owner.pat = (await ok<{ token: string }>(ada.post('/api/profile/tokens', { name: 'attack suite' }), 201)).token;

  const folder = await ok<{ id: string }>(ada.post('/api/media/folders', { name: `Folder ${marker}` }), 201);
  const [image] = await ok<Array<{ id: string; contentUrl: string }>>(
    app
      .http()
      .post(`/api/media/upload?folderId=${folder.id}`)
      .set(owner.auth)
      .attach('files', await pngOf(64, 48), { filename: `picture-${marker}.png` }),
    201,
  );
  const note = `# Notes ${marker}\n\nThe lighthouse keeper counts ${marker} gulls every morning before breakfast.\n`;
  const [document] = await ok<Array<{ id: string; contentUrl: string }>>(app.http().post('/api/media/upload').set(owner.auth).attach('files', Buffer.from(note), { filename: `notes-${marker}.md` }), 201);

  const turn = await ok<{ conversationId: string; replies: Array<{ id: string }> }>(ada.post('/api/chat', { message: `Hello ${marker}`, models: [OFFLINE_CHAT] }), 200);
  const preset = await ok<{ id: string }>(ada.post('/api/chat/presets', { name: `Preset ${marker}`, models: [OFFLINE_CHAT], systemPrompt: `You help ${marker}.` }), 201);
  const prompt = await ok<{ id: string }>(ada.post('/api/prompts', { title: `Prompt ${marker}`, body: `Write about {{topic}} for ${marker}`, category: 'writing', tags: ['private'] }), 201);
  const agent = await ok<{ id: string }>(ada.post('/api/agents', { name: `Agent ${marker}`, instructions: `You help ${marker}.`, defaultModel: OFFLINE_CHAT, description: marker }), 201);
  const job = await ok<{ id: string }>(ada.post('/api/generation/image', { model: OFFLINE_IMAGE, size: '512x512', prompt: `A lighthouse for ${marker}` }), 202);
  const collection = await ok<{ id: string }>(ada.post('/api/knowledge/collections', { name: `Collection ${marker}`, description: marker }), 201);
  const [knowledgeFile] = await ok<Array<{ id: string }>>(ada.post(`/api/knowledge/collections/${collection.id}/files`, { mediaFileIds: [document!.id] }), 202);
  const mcpServer = await ok<{ id: string }>(ada.post('/api/mcp/servers', { name: `Tools ${marker}`, url: mcpUrl, token: `mcp-${marker}` }), 201);
  const providerKey = await ok<{ id: string }>(ada.post('/api/profile/api-keys', { provider: 'replicate', key: `r8_${marker}_${randomBytes(8).toString('hex')}`, label: `Key ${marker}` }), 201);
  const accessToken = await ok<{ id: string }>(ada.post('/api/profile/tokens', { name: `Token ${marker}` }), 201);
  const workflow = await ok<{ id: string }>(
    ada.post('/api/combinations/workflows', {
      name: `Workflow ${marker}`,
      description: marker,
      inputs: [{ name: 'topic', type: 'text', default: marker }],
      steps: [{ id: 'draft', kind: 'text', model: OFFLINE_CHAT, prompt: `About {{inputs.topic}} for ${marker}` }],
    }),
    201,
  );
  const workflowRun = await ok<{ id: string }>(ada.post('/api/combinations/execute', { workflowId: workflow.id }), 202);
  const trigger = await ok<{ id: string }>(ada.post('/api/automation/triggers', { name: `Trigger ${marker}`, url: 'https://hooks.invalid/webox', events: ['media.uploaded'] }), 201);
  const delivery = await ok<{ id: string }>(ada.post(`/api/automation/triggers/${trigger.id}/test`, {}), 202);
  const hook = await ok<{ id: string }>(ada.post('/api/automation/hooks', { name: `Hook ${marker}`, workflowId: workflow.id }), 201);

  const cleo = await registerUser(app, 'Cleo Collaborator');
  const project = await ok<{ id: string; channelId: string }>(ada.post('/api/collaboration/projects', { name: `Project ${marker}` }), 201);
  await ok(ada.post(`/api/collaboration/projects/${project.id}/members`, { email: cleo.email, role: 'editor' }), 201);
  await ok(ada.post('/api/collaboration/messages', { channelId: project.channelId, text: `Plan for ${marker}` }), 201);
  const collabMessage = await ok<{ id: string }>(ada.post('/api/collaboration/messages', { recipientId: cleo.id, text: `Between us: ${marker}` }), 201);
  // The conversation shared with the collaborator (never with `other`, whose cells prove it is not theirs).
  const shared = await ok<{ shares: Array<{ id: string }> }>(ada.post('/api/collaboration/share', { conversationId: turn.conversationId, userIds: [cleo.id], permission: 'read' }), 201);

  const grace = as(admin);
  const twilioAccount = { accountSid: WORLD_TWILIO.accountSid, authToken: WORLD_TWILIO.authToken };
  await ok(app.http().put('/api/admin/voice/twilio').set(admin.auth).send(twilioAccount), 200);
  await ok(app.http().put('/api/voice/twilio').set(owner.auth).send(twilioAccount), 200);
  const voiceAssistant = await ok<{ id: string }>(ada.post('/api/voice/assistants', { name: `Phone ${marker}`, greeting: 'Hello', phoneNumber: WORLD_TWILIO.number }), 201);
  const voiceCall = await ok<{ id: string }>(ada.post('/api/voice/calls', { assistantId: voiceAssistant.id, to: '+33612345678' }), 201);
  const workspaceKey = await ok<{ id: string }>(grace.post('/api/admin/api-keys', { provider: 'elevenlabs', key: `xi-${randomBytes(12).toString('hex')}`, label: 'Workspace voice' }), 201);
  const sharedMcpServer = await ok<{ id: string }>(grace.post('/api/admin/mcp-servers', { name: 'Shared tools', url: mcpUrl, allowlisted: true }), 201);
  const invitation = await ok<{ id: string }>(grace.post('/api/admin/invitations', { email: `guest-${randomBytes(4).toString('hex')}@example.com` }), 201);
  const catalogTool = await ok<{ id: string }>(grace.post('/api/catalog/tools', WORKSPACE_CATALOG_TOOL), 201);
  const endpoint = await ok<{ id: string }>(grace.post('/api/admin/endpoints', { ...MATRIX_ENDPOINT, slug: `world-${randomBytes(4).toString('hex')}` }), 201);
  const blogArticle = await ok<{ id: string }>(grace.post('/api/blog/articles', WORLD_BLOG_ARTICLE), 201);
  await ok(app.http().put(`/api/blog/articles/${blogArticle.id}`).set(admin.auth).send(WORLD_BLOG_ARTICLE), 200);
  const [blogRevision] = await ok<Array<{ id: string }>>(grace.get(`/api/blog/articles/${blogArticle.id}/revisions`), 200);
  // Accounts for the admin's user routes (never the owner's, whose session the other cells use): one waits for approval, one is disabled.
  const activeUser = (await registerUser(app, 'Carl Member')).id;
  const disabledUser = (await registerUser(app, 'Dora Disabled')).id;
  await ok(grace.post(`/api/admin/users/${disabledUser}/disable`), 200);
  await ok(app.http().put('/api/admin/registration').set(admin.auth).send({ policy: 'approval' }), 200);
  await ok(app.http().post('/api/auth/register').send({ email: `pending-${randomBytes(4).toString('hex')}@example.com`, password: 'correct horse 42', name: 'Pat Pending' }), 403);
  await ok(app.http().put('/api/admin/registration').set(admin.auth).send({ policy: 'open' }), 200);
  const pendingUser = (await ok<{ items: Array<{ id: string }> }>(grace.get(`/api/admin/users?status=pending`), 200)).items[0]!.id;

  // Background work settles: the image job, the document's indexing, the picture's thumbnail.
  await until('the workflow run', async () => (await ok<{ status: string }>(ada.get(`/api/combinations/runs/${workflowRun.id}`), 200)).status === 'succeeded');
  await until('the image job', async () => (await ok<{ status: string }>(ada.get(`/api/generation/jobs/${job.id}`), 200)).status === 'succeeded');
  await until('the indexing', async () => (await ok<{ files: Array<{ status: string }> }>(ada.get(`/api/knowledge/collections/${collection.id}`), 200)).files.every((f) => f.status === 'ready'));
  const imageFile = await until('the thumbnail', async () => {
    const file = await ok<{ thumbnailUrl: string | null; contentUrl: string }>(ada.get(`/api/media/files/${image!.id}`), 200);
    return file.thumbnailUrl ? file : undefined;
  });
  const [hit] = await ok<Array<{ chunkId: string }>>(ada.post('/api/knowledge/search', { query: 'lighthouse gulls', collectionIds: [collection.id] }), 200);
  if (!hit) throw new Error('world: the indexed document has no passage');

  const ownerIds = {
    conversation: turn.conversationId,
    reply: turn.replies[0]!.id,
    preset: preset.id,
    prompt: prompt.id,
    agent: agent.id,
    folder: folder.id,
    image: image!.id,
    document: document!.id,
    job: job.id,
    collection: collection.id,
    knowledgeFile: knowledgeFile!.id,
    chunk: hit.chunkId,
    mcpServer: mcpServer.id,
    providerKey: providerKey.id,
    accessToken: accessToken.id,
    workflow: workflow.id,
    workflowRun: workflowRun.id,
    trigger: trigger.id,
    delivery: delivery.id,
    hook: hook.id,
    project: project.id,
    channel: project.channelId,
    collabMessage: collabMessage.id,
    share: shared.shares[0]!.id,
    voiceAssistant: voiceAssistant.id,
    voiceCall: voiceCall.id,
  };
  return {
    marker,
    admin,
    owner,
    other,
    ownerIds,
    links: { imageContent: tokenOf(imageFile.contentUrl), imageThumbnail: tokenOf(imageFile.thumbnailUrl!), documentContent: tokenOf(document!.contentUrl) },
    adminIds: { workspaceKey: workspaceKey.id, sharedMcpServer: sharedMcpServer.id, invitation: invitation.id, pendingUser, activeUser, disabledUser, catalogTool: catalogTool.id, endpoint: endpoint.id, blogArticle: blogArticle.id, blogRevision: blogRevision!.id },
    collaborator: cleo.id,
    mcpUrl,
    privateIds: () => Object.values(ownerIds),
  };
}

/** A registered user with a personal access token. */
async function account(app: TestApp, name: string): Promise<Account> {
  const user = await registerUser(app, name);
  const created = await app.http().post('/api/profile/tokens').set(user.auth).send({ name: 'attack suite' });
  if (created.status !== 201) throw new Error(`world: no access token for ${name}: ${created.text}`);
  return { ...user, pat: (created.body as { token: string }).token };
}

/** The `token` query parameter of a signed media link. */
function tokenOf(url: string): string {
  const token = new URL(url, 'http://webox.invalid').searchParams.get('token');
  if (!token) throw new Error(`world: ${url} is not a signed link`);
  return token;
}

async function until<T>(what: string, check: () => Promise<T | false | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`world: ${what} did not settle within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
