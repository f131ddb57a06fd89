import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { registerUser, type TestApp } from '../../support/test-app';
import { ContractOperation, fillPath } from './contract';
import { MATRIX_ENDPOINT, OFFLINE_CHAT, OFFLINE_IMAGE, World, WORKSPACE_CATALOG_TOOL, WORLD_BLOG_ARTICLE, WORLD_TWILIO } from './world';

/**
 * One request per operation that is valid for the owner of the world's objects: its path ids,
 * query and body. The authorisation matrix sends it with each credential (so a 403 or 404 is about
 * who asks, not about what was sent); the contract fuzzer starts from it and breaks it.
 */
export interface RequestSpec {
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** A JSON body. */
  body?: unknown;
  /** A multipart body: the files of the `files` field (or of `field`). */
  files?: Array<{ name: string; data: Buffer; field?: string }>;
}

export interface FixtureContext {
  app: TestApp;
  world: World;
}

/** How the caller presents itself: a bearer token, a signed media link, or nothing. */
export interface Credential {
  authorization?: string;
  query?: Record<string, string>;
}

/** Path ids: the owner's object under each resource path, the admin's for admin routes. */
const IDS: Array<[prefix: string, id: (world: World) => string]> = [
  ['/api/admin/api-keys/', (w) => w.adminIds.workspaceKey],
  ['/api/admin/endpoints/', (w) => w.adminIds.endpoint],
  ['/api/admin/budgets/users/', (w) => w.adminIds.activeUser],
  ['/api/admin/mcp-servers/', (w) => w.adminIds.sharedMcpServer],
  ['/api/admin/invitations/', (w) => w.adminIds.invitation],
  ['/api/admin/jobs/', (w) => w.ownerIds.job],
  ['/api/admin/users/{id}/approve', (w) => w.adminIds.pendingUser],
  ['/api/admin/users/{id}/enable', (w) => w.adminIds.disabledUser],
  ['/api/admin/users/', (w) => w.adminIds.activeUser],
  ['/api/agents/', (w) => w.ownerIds.agent],
  ['/api/automation/deliveries/', (w) => w.ownerIds.delivery],
  ['/api/automation/hooks/', (w) => w.ownerIds.hook],
  ['/api/automation/triggers/', (w) => w.ownerIds.trigger],
  ['/api/blog/articles/', (w) => w.adminIds.blogArticle],
  ['/api/catalog/tools/', (w) => w.adminIds.catalogTool],
  ['/api/chat/conversations/', (w) => w.ownerIds.conversation],
  ['/api/chat/messages/', (w) => w.ownerIds.reply],
  ['/api/chat/presets/', (w) => w.ownerIds.preset],
  ['/api/collaboration/channels/', (w) => w.ownerIds.channel],
  ['/api/collaboration/messages/', (w) => w.ownerIds.collabMessage],
  ['/api/collaboration/notifications/', (w) => w.ownerIds.notification],
  ['/api/collaboration/projects/', (w) => w.ownerIds.project],
  ['/api/collaboration/shares/', (w) => w.ownerIds.share],
  ['/api/combinations/runs/', (w) => w.ownerIds.workflowRun],
  ['/api/combinations/workflows/', (w) => w.ownerIds.workflow],
  ['/api/generation/jobs/', (w) => w.ownerIds.job],
  ['/api/knowledge/chunks/', (w) => w.ownerIds.chunk],
  ['/api/knowledge/collections/', (w) => w.ownerIds.collection],
  ['/api/mcp/servers/', (w) => w.ownerIds.mcpServer],
  ['/api/media/files/', (w) => w.ownerIds.image],
  ['/api/media/folders/', (w) => w.ownerIds.folder],
  ['/api/profile/api-keys/', (w) => w.ownerIds.providerKey],
  ['/api/profile/tokens/', (w) => w.ownerIds.accessToken],
  ['/api/prompts/', (w) => w.ownerIds.prompt],
  ['/api/voice/assistants/', (w) => w.ownerIds.voiceAssistant],
  ['/api/voice/calls/', (w) => w.ownerIds.voiceCall],
  // No link is signed for it: the public route answers 403 whoever asks (the voice e2e spec covers a signed one).
  ['/api/voice/audio/', (w) => w.ownerIds.voiceCall],
];
const OTHER_PARAMS: Record<string, (world: World, operation: ContractOperation) => string> = {
  // Both switches stay on: the matrix must not change what the world's users may call.
  provider: () => 'replicate',
  fileId: (w) => w.ownerIds.knowledgeFile,
  role: () => 'editor',
  revId: (w) => w.adminIds.blogRevision,
  // A guide's slug for the documentation, the world's article for the blog.
  slug: (_w, operation) => (operation.path.startsWith('/api/documentation/') ? 'getting-started' : WORLD_BLOG_ARTICLE.slug),
  userId: (w) => w.collaborator,
  // Replaced by the share its fixture makes (see REQUESTS); a placeholder until then.
  shareId: (w) => w.ownerIds.share,
  conversationId: (w) => w.ownerIds.conversation,
  // No link is ever this one: the public route answers 404 whoever asks (the sharing e2e spec covers a real link).
  token: () => 'A'.repeat(43),
  sid: () => WORLD_TWILIO.numberSid,
};

/** The path parameters of an operation, from the world; throws for a route it does not know. */
export function pathParams(operation: ContractOperation, world: World): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [, name] of operation.path.matchAll(/\{([^}]+)\}/g)) {
    const prefix = name === 'id' ? IDS.find(([path]) => operation.path.startsWith(path)) : undefined;
    const id = name === 'id' ? prefix?.[1] : OTHER_PARAMS[name!];
    if (!id) throw new Error(`No id for {${name}} in ${operation.key}: add its resource to IDS in backend/test/security/support/requests.ts`);
    params[name!] = id(world, operation);
  }
  return params;
}

const fresh = () => randomBytes(6).toString('hex');

/** A new session of the owner, for the routes that take (and use up) a refresh token. */
async function ownerRefreshToken({ app, world }: FixtureContext): Promise<string> {
  const response = await app.http().post('/api/auth/login').send({ email: world.owner.email, password: world.owner.password });
  if (response.status !== 200) throw new Error(`login for a fresh refresh token failed: ${response.text}`);
  return (response.body as { refreshToken: string }).refreshToken;
}

/** Query and body of each operation that needs one (path ids come from `pathParams`). */
export const REQUESTS: Record<string, (context: FixtureContext) => RequestSpec | Promise<RequestSpec>> = {
  'POST /api/admin/api-keys': () => ({ body: { provider: 'anthropic', key: `sk-ant-${fresh()}${fresh()}`, label: 'Workspace Claude' } }),
  'POST /api/admin/invitations': () => ({ body: { email: `invited-${fresh()}@example.com`, role: 'user', expiresInDays: 3 } }),
  'PUT /api/admin/registration': () => ({ body: { policy: 'open' } }),
  'PUT /api/admin/providers/{provider}': () => ({ body: { allowOwnKeys: true, allowWorkspaceKey: true } }),
  // Every model stays on for every role: the other cells' calls must not be refused.
  'PUT /api/admin/models/access': () => ({ body: { model: 'local/webox-mini', enabled: true, roles: { user: true, editor: true, admin: true } } }),
  'PUT /api/admin/models/default': () => ({ body: { model: 'local/webox-mini' } }),
  // Not checked (nothing listens there): the matrix is about who may call, not about the endpoint.
  'POST /api/admin/endpoints': () => ({ body: { ...MATRIX_ENDPOINT, slug: `matrix-${fresh()}` } }),
  'PATCH /api/admin/endpoints/{id}': () => ({ body: { name: 'Matrix endpoint, renamed', skipCheck: true } }),
  // Budgets far above what the matrix spends: they must not refuse any other cell.
  'PUT /api/admin/budgets/default': () => ({ body: { monthlyCostUsd: 1000, dailyRequests: 100000 } }),
  'PUT /api/admin/budgets/roles/{role}': () => ({ body: { dailyRequests: 100000 } }),
  'PUT /api/admin/budgets/users/{id}': () => ({ body: { monthlyCostUsd: 1000, storageBytes: 1024 * 1024 * 1024 } }),
  'GET /api/admin/usage': () => ({ query: { from: '2026-01-01T00:00:00Z' } }),
  'GET /api/documentation/search': () => ({ query: { q: 'setup token' } }),
  'PUT /api/admin/users/{id}/role': () => ({ body: { role: 'editor' } }),
  'GET /api/admin/users': () => ({ query: { q: 'member', status: 'active' } }),
  'GET /api/admin/audit': () => ({ query: { action: 'auth.sign_up' } }),
  // A reset link the admin made for the world's spare account (Carl Member), made afresh for each call.
  'POST /api/auth/password-reset': async ({ app, world }) => {
    const link = await app.http().post(`/api/admin/users/${world.adminIds.activeUser}/password-reset`).set(world.admin.auth);
    if (link.status !== 201) throw new Error(`a reset link for the matrix failed: ${link.text}`);
    return { body: { token: (link.body as { token: string }).token, password: `reset-${fresh()}-42` } };
  },
  'POST /api/admin/mcp-servers': ({ world }) => ({ body: { name: 'Shared tools 2', url: world.mcpUrl, allowlisted: true } }),
  'PATCH /api/admin/mcp-servers/{id}': () => ({ body: { name: 'Shared tools' } }),
  'POST /api/agents': ({ world }) => ({
    body: { name: 'Helper', instructions: 'Help.', defaultModel: OFFLINE_CHAT, tools: ['knowledge_search'], collectionIds: [world.ownerIds.collection] },
  }),
  'PATCH /api/agents/{id}': ({ world }) => ({ body: { name: `Agent ${world.marker}`, instructions: `You help ${world.marker}.`, defaultModel: OFFLINE_CHAT } }),
  'POST /api/assistants/chat': ({ world }) => ({ body: { agentId: world.ownerIds.agent, message: 'Hello agent' } }),
  'POST /api/auth/login': ({ world }) => ({ body: { email: world.owner.email, password: world.owner.password } }),
  'POST /api/auth/logout': async (context) => ({ body: { refreshToken: await ownerRefreshToken(context) } }),
  'POST /api/auth/refresh': async (context) => ({ body: { refreshToken: await ownerRefreshToken(context) } }),
  'POST /api/auth/register': () => ({ body: { email: `new-${fresh()}@example.com`, password: 'correct horse 42', name: 'Newcomer' } }),
  'POST /api/chat': ({ world }) => ({ body: { conversationId: world.ownerIds.conversation, message: 'And again', models: [OFFLINE_CHAT] } }),
  'PATCH /api/chat/conversations/{id}': ({ world }) => ({ body: { title: `Conversation ${world.marker}`, pinned: true, folder: 'Work' } }),
  'POST /api/chat/messages/{id}/speech': () => ({ body: { voice: 'warm' } }),
  'GET /api/chat/conversations/{id}/export': () => ({ query: { format: 'markdown' } }),
  'POST /api/chat/conversations/{id}/regenerate': () => ({ body: { model: OFFLINE_CHAT } }),
  'POST /api/chat/conversations/{id}/select': ({ world }) => ({ body: { messageId: world.ownerIds.reply } }),
  'POST /api/chat/messages/{id}/continue': () => ({ body: {} }),
  'POST /api/chat/messages/{id}/merge': () => ({ body: { model: 'local/webox-mini' } }),
  'POST /api/chat/new': () => ({ body: { title: 'Fresh start' } }),
  'POST /api/chat/presets': () => ({ body: { name: 'Careful', models: [OFFLINE_CHAT], temperature: 0.2, maxTokens: 500 } }),
  'PUT /api/chat/presets/{id}': ({ world }) => ({ body: { name: `Preset ${world.marker}`, models: [OFFLINE_CHAT], systemPrompt: `You help ${world.marker}.` } }),
  'POST /api/combinations/execute': ({ world }) => ({ body: { workflowId: world.ownerIds.workflow, inputs: { topic: 'tides' } } }),
  'POST /api/combinations/save': () => ({ body: { name: 'Saved chain', inputs: [{ name: 'topic', type: 'text' }], steps: [{ id: 'draft', kind: 'text', model: OFFLINE_CHAT, prompt: 'About {{inputs.topic}}' }] } }),
  'POST /api/combinations/workflows': () => ({ body: { name: 'New chain', steps: [{ id: 'draft', kind: 'text', model: OFFLINE_CHAT, prompt: 'Hello' }] } }),
  'POST /api/combinations/workflows/import': () => ({ body: { version: 1, workflow: { name: 'Imported chain', steps: [{ id: 'draft', kind: 'text', model: OFFLINE_CHAT, prompt: 'Hello' }] } } }),
  'PUT /api/combinations/workflows/{id}': ({ world }) => ({
    body: { name: `Workflow ${world.marker}`, inputs: [{ name: 'topic', type: 'text' }], steps: [{ id: 'draft', kind: 'text', model: OFFLINE_CHAT, prompt: `About {{inputs.topic}} for ${world.marker}` }] },
  }),
  'POST /api/combinations/runs/{id}/rerun': () => ({ body: { fromStepId: 'draft' } }),
  'POST /api/generation/audio': () => ({ body: { kind: 'speech', model: 'local/webox-voice', text: 'Hello there', voice: 'neutral' } }),
  'POST /api/generation/ebook': () => ({ body: { chapters: 1, textModel: OFFLINE_CHAT, coverModel: OFFLINE_IMAGE, formats: ['pdf'], title: 'A book', subject: 'Lighthouses' } }),
  'POST /api/generation/image': () => ({ body: { model: OFFLINE_IMAGE, size: '512x512', prompt: 'A lighthouse' } }),
  'POST /api/generation/short': () => ({
    body: { durationSeconds: 15, format: '1:1', voice: 'neutral', subject: 'Lighthouses', textModel: OFFLINE_CHAT, imageModel: OFFLINE_IMAGE, speechModel: 'local/webox-voice' },
  }),
  'POST /api/generation/video': ({ world }) => ({ body: { aspectRatio: '1:1', model: 'local/webox-slideshow', prompt: 'A lighthouse', durationSeconds: 2, startImageId: world.ownerIds.image } }),
  'POST /api/knowledge/collections': () => ({ body: { name: 'Papers', description: 'Reading list' } }),
  'PATCH /api/knowledge/collections/{id}': ({ world }) => ({ body: { name: `Collection ${world.marker}` } }),
  'POST /api/knowledge/collections/{id}/files': ({ world }) => ({ body: { mediaFileIds: [world.ownerIds.document] } }),
  'POST /api/knowledge/search': ({ world }) => ({ body: { query: 'lighthouse', collectionIds: [world.ownerIds.collection] } }),
  'POST /api/mcp/servers': ({ world }) => ({ body: { name: 'My tools', url: world.mcpUrl } }),
  'PATCH /api/mcp/servers/{id}': ({ world }) => ({ body: { name: `Tools ${world.marker}` } }),
  'PATCH /api/media/files/{id}': ({ world }) => ({ body: { name: `picture-${world.marker}.png`, folderId: world.ownerIds.folder } }),
  'POST /api/media/folders': ({ world }) => ({ body: { name: 'Inner', parentId: world.ownerIds.folder } }),
  'PATCH /api/media/folders/{id}': ({ world }) => ({ body: { name: `Folder ${world.marker}` } }),
  'DELETE /api/media/folders/{id}': () => ({ query: { recursive: 'true' } }),
  'POST /api/speech/transcriptions': () => ({ query: { language: 'en' }, files: [{ field: 'file', name: 'clip.wav', data: Buffer.from('Not a recording.\n') }] }),
  'POST /api/media/upload': ({ world }) => ({ query: { folderId: world.ownerIds.folder }, files: [{ name: 'memo.txt', data: Buffer.from('A short memo.\n') }] }),
  'PATCH /api/profile': () => ({ body: { theme: 'dark' } }),
  'POST /api/profile/password': ({ world }) => ({ body: { currentPassword: world.owner.password, newPassword: 'correct horse 43' } }),
  'POST /api/profile/api-keys': () => ({ body: { provider: 'openai', key: `sk-${fresh()}${fresh()}`, label: 'Spare', saveIfFailing: true } }),
  'POST /api/profile/tokens': () => ({ body: { name: 'Laptop' } }),
  'GET /api/dashboard/usage': () => ({ query: { days: '7' } }),
  'GET /api/dashboard/activity': () => ({ query: { page: '1', limit: '10' } }),
  'POST /api/automation/triggers': () => ({ body: { name: 'Another trigger', url: 'https://hooks.invalid/other', events: ['chat.completed', 'media.uploaded'] } }),
  'PATCH /api/automation/triggers/{id}': ({ world }) => ({ body: { name: `Trigger ${world.marker}`, enabled: true } }),
  'POST /api/automation/hooks': ({ world }) => ({ body: { name: 'Another hook', workflowId: world.ownerIds.workflow } }),
  'PATCH /api/automation/hooks/{id}': ({ world }) => ({ body: { name: `Hook ${world.marker}` } }),
  // Called with the session token as the secret: 401 for everyone (the hook's secret is never in the world).
  'POST /api/automation/hooks/{id}': () => ({ body: { topic: 'tides' } }),
  'POST /api/automation/connect': () => ({ body: { clientId: 'oa_matrix', clientSecret: 'matrix-secret', projectId: 'proj_matrix', environment: 'staging' } }),
  'POST /api/automation/workflows': () => ({ body: { name: 'Matrix workflow' } }),
  'POST /api/voice/assistants': () => ({ body: { name: 'Another phone assistant', greeting: 'Hi there' } }),
  'PATCH /api/voice/assistants/{id}': ({ world }) => ({ body: { name: `Phone ${world.marker}` } }),
  'POST /api/voice/assistants/{id}/test-turns': () => ({ body: { text: 'What are your opening hours?' } }),
  'PUT /api/voice/twilio': () => ({ body: { accountSid: WORLD_TWILIO.accountSid, authToken: WORLD_TWILIO.authToken } }),
  'PUT /api/admin/voice/twilio': () => ({ body: { accountSid: WORLD_TWILIO.accountSid, authToken: WORLD_TWILIO.authToken } }),
  'POST /api/voice/twilio/numbers/{sid}/connect': ({ world }) => ({ body: { assistantId: world.ownerIds.voiceAssistant } }),
  'POST /api/voice/calls': ({ world }) => ({ body: { assistantId: world.ownerIds.voiceAssistant, to: '+33612345679' } }),
  'GET /api/voice/calls': ({ world }) => ({ query: { assistantId: world.ownerIds.voiceAssistant } }),
  // Unsigned: Twilio's webhooks answer 403 whoever calls without X-Twilio-Signature.
  'POST /api/voice/webhook/twilio': () => ({ body: { AccountSid: WORLD_TWILIO.accountSid, CallSid: 'CA00000000000000000000000000000009', To: WORLD_TWILIO.number } }),
  'POST /api/voice/webhook/twilio/gather': () => ({ query: { turn: '1' }, body: { AccountSid: WORLD_TWILIO.accountSid, CallSid: 'CA00000000000000000000000000000009', SpeechResult: 'hello' } }),
  'POST /api/voice/webhook/twilio/status': () => ({ body: { AccountSid: WORLD_TWILIO.accountSid, CallSid: 'CA00000000000000000000000000000009', CallStatus: 'completed' } }),
  'POST /api/voice/webhook/twilio/recording': () => ({ body: { AccountSid: WORLD_TWILIO.accountSid, CallSid: 'CA00000000000000000000000000000009', RecordingUrl: 'https://api.twilio.com/x' } }),
  'GET /api/voice/audio/{id}': () => ({ query: { expires: '9999999999', signature: 'forged' } }),
  'POST /api/catalog/tools': () => ({ body: { ...WORKSPACE_CATALOG_TOOL, slug: `matrix-${fresh()}` } }),
  'POST /api/blog/articles': () => ({ body: { ...WORLD_BLOG_ARTICLE, slug: `matrix-${fresh()}` } }),
  // The same slug: the world's article stays readable at it.
  'PUT /api/blog/articles/{id}': () => ({ body: { ...WORLD_BLOG_ARTICLE, title: 'Matrix article, edited' } }),
  'POST /api/blog/ai/outline': () => ({ body: { subject: 'Lighthouses', language: 'en', model: OFFLINE_CHAT } }),
  'POST /api/blog/ai/draft': () => ({ body: { subject: 'Lighthouses', language: 'en', model: OFFLINE_CHAT, sections: ['The keepers'] } }),
  'POST /api/blog/ai/title': () => ({ body: { subject: 'Lighthouses', language: 'en', model: OFFLINE_CHAT } }),
  'POST /api/blog/ai/cover': () => ({ body: { subject: 'Lighthouses', model: OFFLINE_IMAGE, size: '512x512' } }),
  'PUT /api/catalog/tools/{id}': () => ({ body: { ...WORKSPACE_CATALOG_TOOL, name: 'Matrix tool, renamed' } }),
  'PUT /api/catalog/tools/{id}/review': () => ({ body: { rating: 4, text: 'Useful' } }),
  'POST /api/collaboration/projects': () => ({ body: { name: 'Launch' } }),
  'PATCH /api/collaboration/projects/{id}': ({ world }) => ({ body: { name: `Project ${world.marker}` } }),
  // A user who is in no project yet, made afresh for each call.
  'POST /api/collaboration/projects/{id}/members': async ({ app }) => ({ body: { email: (await registerUser(app, 'New Member')).email, role: 'viewer' } }),
  'PATCH /api/collaboration/projects/{id}/members/{userId}': () => ({ body: { role: 'editor' } }),
  'GET /api/collaboration/contacts/lookup': ({ world }) => ({ query: { email: world.owner.email } }),
  'POST /api/collaboration/messages': ({ world }) => ({ body: { channelId: world.ownerIds.channel, text: `More on ${world.marker}` } }),
  'POST /api/collaboration/share': async ({ app, world }) => ({ body: { conversationId: world.ownerIds.conversation, userIds: [(await registerUser(app, 'Share Recipient')).id], permission: 'read' } }),
  'PATCH /api/collaboration/shares/{id}': () => ({ body: { permission: 'continue' } }),
  'POST /api/collaboration/share/{conversationId}/link': () => ({ body: { expiresAt: new Date(Date.now() + 24 * 3600 * 1000).toISOString() } }),
  // A link to revoke, made afresh for each call (the fuzz suite, which runs deletes in contract order, may have deleted the conversation already: then 404).
  'DELETE /api/collaboration/share/{conversationId}/link': async ({ app, world }) => {
    const made = await app.http().post(`/api/collaboration/share/${world.ownerIds.conversation}/link`).set(world.owner.auth).send({});
    if (made.status !== 201 && made.status !== 404) throw new Error(`a share link for the matrix failed: ${made.text}`);
    return {};
  },
  // The owner's prompt, shared with the owner's project (sharing it again changes nothing).
  'POST /api/collaboration/projects/{id}/shares': ({ world }) => ({ body: { kind: 'prompt', resourceId: world.ownerIds.prompt } }),
  // A share to remove, made afresh for each call.
  'DELETE /api/collaboration/projects/{id}/shares/{shareId}': async ({ app, world }) => {
    const made = await app.http().post(`/api/collaboration/projects/${world.ownerIds.project}/shares`).set(world.owner.auth).send({ kind: 'prompt', resourceId: world.ownerIds.prompt });
    if (made.status !== 201 && made.status !== 404) throw new Error(`a project share for the matrix failed: ${made.text}`);
    return made.status === 201 ? { params: { shareId: (made.body as { id: string }).id } } : {};
  },
  'PATCH /api/collaboration/messages/{id}': ({ world }) => ({ body: { text: `Between us, edited: ${world.marker}` } }),
  'POST /api/prompts': () => ({ body: { title: 'Summary', body: 'Summarise {{text}}', category: 'writing' } }),
  'PUT /api/prompts/{id}': ({ world }) => ({ body: { title: `Prompt ${world.marker}`, body: `Write about {{topic}} for ${world.marker}`, category: 'writing', tags: ['private'] } }),
  'POST /api/prompts/{id}/use': () => ({ body: { variables: { topic: 'tides' } } }),
  'POST /api/prompts/import': () => ({ body: { prompts: [{ title: 'Imported', body: 'Translate {{text}}', category: 'writing' }] } }),
  'POST /v1/workflows/runs': ({ world }) => ({ body: { workflowId: world.ownerIds.workflow, inputs: { topic: 'tides' } } }),
  'GET /v1/workflows/runs': ({ world }) => ({ query: { id: world.ownerIds.workflowRun } }),
  'POST /v1/chat/completions': () => ({ body: { model: OFFLINE_CHAT, messages: [{ role: 'user', content: 'Hello' }] } }),
};

/** The owner's valid request for an operation: path ids, then its query and body. */
export async function validRequest(operation: ContractOperation, context: FixtureContext): Promise<RequestSpec> {
  const own = (await REQUESTS[operation.key]?.(context)) ?? {};
  if (operation.body?.required && own.body === undefined && !own.files) throw new Error(`${operation.key} takes a body: add one to REQUESTS in backend/test/security/support/requests.ts`);
  return { ...own, params: { ...pathParams(operation, context.world), ...own.params } };
}

/** Sends a request as the credential says. */
export function send(app: TestApp, operation: ContractOperation, spec: RequestSpec, credential: Credential = {}): Promise<Response> {
  const url = fillPath(operation.path, spec.params ?? {});
  let call = app.http()[operation.method](url).query({ ...spec.query, ...credential.query });
  if (credential.authorization) call = call.set('Authorization', credential.authorization);
  if (spec.files) {
    for (const file of spec.files) call = call.attach(file.field ?? 'files', file.data, { filename: file.name });
    return call;
  }
  return spec.body === undefined ? call : call.send(spec.body as object);
}

/**
 * Cancels a generation job an attack made (a 202 with a queued or running job), so that the
 * suites do not leave the machine rendering videos: the point is the answer, not the rendering.
 */
export async function cancelIfQueued(app: TestApp, operation: ContractOperation, status: number, body: unknown, authorization: string): Promise<void> {
  const job = body as { id?: string; status?: string } | undefined;
  if ((operation.path.startsWith('/api/generation/') || operation.path === '/api/blog/ai/cover') && status === 202 && job?.id && (job.status === 'queued' || job.status === 'running')) {
    await app.http().post(`/api/generation/jobs/${job.id}/cancel`).set('Authorization', authorization);
  }
}
