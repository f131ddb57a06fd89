import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { McpTestServer, startMcpTestServer } from '../../backend/test/support/mcp-test-server';
import { ADMIN, logIn, uniqueEmail } from './support';
import { corpus } from './xss-corpus';

/**
 * Issue 22: stored XSS, attacked in Chromium. Payloads that would call `window.__xss('<id>')` if
 * they ran (script tags, event handlers, javascript: and data: URLs in links and images, SVG and
 * MathML tricks, iframe srcdoc, Markdown links, images, reference links and autolinks, HTML inside
 * Markdown, attribute breakouts) are stored in every place a user or a model can put text: chat
 * replies (scripted in the provider emulator), conversation titles, user messages, prompts, agent
 * names, descriptions, starters and context, media file and folder names, knowledge collection and
 * file names and passages, MCP server names, MCP tool results, API key labels, the profile name.
 * Then every page that shows them is opened, and nothing may have run: no `__xss` call, no dialog,
 * no Content-Security-Policy violation, and no dangerous markup in the DOM at all (an event-handler
 * attribute, a javascript:/data: link, an iframe srcdoc...), which is what a sanitiser failure
 * leaves even where the CSP still blocks it. Uploaded SVG and HTML files are served as
 * attachments with a sandbox CSP, and opening their links runs nothing.
 */
const EMULATOR = process.env['WEBOX_E2E_EMULATOR_URL'] ?? 'http://127.0.0.1:4011';
const OPENAI = 'openai/gpt-5.4-mini';

/** A short payload for a name field: a visible token, then one vector (no slash: file and folder names refuse it). */
function short(tag: string, variant = 0): string {
  const call = `window.__xss('${tag}')`;
  const vectors = [`<img src=x onerror=${call}>`, `"><svg onload=${call}>`, `<iframe srcdoc="<img src=x onerror=parent.__xss('${tag}')>">`, `'><details open ontoggle=${call}>`];
  return `XSS-${tag} ${vectors[variant % vectors.length]}`;
}

interface Stored {
  mallory: { email: string; password: string; name: string };
  conversation: string;
  agent: string;
  agentConversation: string;
  prompt: string;
  collection: string;
  chunk: string;
  folder: string;
  image: string;
  svg: { id: string; contentUrl: string };
  html: { id: string; contentUrl: string };
  /** The shared MCP servers, removed after the tests (other specs list every shared server's tools). */
  sharedServers: string[];
}

let stored: Stored;
let mcp: McpTestServer;

async function json<T>(response: Awaited<ReturnType<APIRequestContext['get']>>, status: number): Promise<T> {
  expect(response.status(), await response.text()).toBe(status);
  return (await response.json()) as T;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }, testInfo) => {
  test.setTimeout(120_000);
  mcp = await startMcpTestServer();
  const api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  const emulator = (path: string, data?: unknown) => api.post(`${EMULATOR}/_emulator/${path}`, data === undefined ? {} : { data });
  expect((await emulator('reset')).ok()).toBe(true);

  const password = 'mallory-attacks-2026';
  const name = short('profile-name', 1);
  const session = await json<{ accessToken: string }>(await api.post('/api/auth/register', { data: { email: uniqueEmail('mallory'), password, name } }), 201);
  const headers = { Authorization: `Bearer ${session.accessToken}` };
  const me = await json<{ email: string }>(await api.get('/api/auth/me', { headers }), 200);
  const admin = await json<{ accessToken: string }>(await api.post('/api/auth/login', { data: { email: ADMIN.email, password: ADMIN.password } }), 200);
  const adminHeaders = { Authorization: `Bearer ${admin.accessToken}` };

  // MCP: a shared server whose tool echoes a payload back (the tool result), and one named with a payload.
  const tools = await json<{ id: string }>(await api.post('/api/admin/mcp-servers', { headers: adminHeaders, data: { name: 'Payload tools', url: mcp.url, allowlisted: true } }), 201);
  const named = await json<{ id: string }>(await api.post('/api/admin/mcp-servers', { headers: adminHeaders, data: { name: short('mcp-name', 0), url: mcp.url, allowlisted: true } }), 201);

  // Media: a folder, a picture and a document (with payload names), an SVG and an HTML page that hold script.
  const folder = await json<{ id: string }>(await api.post('/api/media/folders', { headers, data: { name: short('folder-name', 0) } }), 201);
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  const uploaded = async (file: { name: string; mimeType: string; buffer: Buffer }, query = '') => {
    const response = await api.post(`/api/media/upload${query}`, { headers, multipart: { files: file } });
    return (await json<{ id: string; contentUrl: string }[]>(response, 201))[0]!;
  };
  const image = await uploaded({ name: `${short('file-name', 0)}.png`, mimeType: 'image/png', buffer: png }, `?folderId=${folder.id}`);
  const document = await uploaded({ name: `${short('document-name', 3)}.md`, mimeType: 'text/markdown', buffer: Buffer.from(`# Passage\n\n${corpus('passage')}\n`) });
  const svg = await uploaded({
    name: 'drawing.svg',
    mimeType: 'image/svg+xml',
    buffer: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="top.__xss('svg-file')"><script>top.__xss('svg-file-script')</script><circle r="4"/></svg>`),
  });
  const html = await uploaded({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from(`<!doctype html><script>top.__xss('html-file')</script><img src=x onerror="top.__xss('html-file-img')">`) });

  // Knowledge: a collection with payload name and description, holding the document.
  const collection = await json<{ id: string }>(await api.post('/api/knowledge/collections', { headers, data: { name: short('collection-name', 1), description: short('collection-description', 2) } }), 201);
  await json(await api.post(`/api/knowledge/collections/${collection.id}/files`, { headers, data: { mediaFileIds: [document.id] } }), 202);
  await expect
    .poll(async () => (await json<{ files: { status: string }[] }>(await api.get(`/api/knowledge/collections/${collection.id}`, { headers }), 200)).files.map((f) => f.status), { timeout: 30_000 })
    .toEqual(['ready']);
  const [hit] = await json<{ chunkId: string }[]>(await api.post('/api/knowledge/search', { headers, data: { query: 'corpus follows', collectionIds: [collection.id] } }), 200);

  // Chat: a payload message, a payload reply from the model, a payload title.
  expect((await emulator('script', { reply: corpus('chat-reply'), match: { vendor: 'openai' } })).ok()).toBe(true);
  const turn = await json<{ conversationId: string }>(await api.post('/api/chat', { headers, data: { message: corpus('user-message'), models: [OPENAI] } }), 200);
  await json(await api.patch(`/api/chat/conversations/${turn.conversationId}`, { headers, data: { title: short('conversation-title', 2) } }), 200);

  // Prompts: payload title and body (without the template-injection line: a prompt's `{{` must
  // open a variable). Tags take letters, digits, spaces, _ and - only: markup is refused.
  const body = corpus('prompt-body').replace(/^\{\{constructor.*$/m, '');
  const prompt = await json<{ id: string }>(await api.post('/api/prompts', { headers, data: { title: short('prompt-title', 0), body: `${body}\n\n{{topic}}`, category: 'writing', tags: ['xss tag'] } }), 201);
  const tag = await api.post('/api/prompts', { headers, data: { title: 'Tagged', body: 'Body', category: 'writing', tags: ['<img src=x onerror=alert(1)>'] } });
  expect(tag.status()).toBe(400);

  // An agent with payloads everywhere, whose MCP tool returns a payload, and its conversation.
  const agent = await json<{ id: string }>(
    await api.post('/api/agents', {
      headers,
      data: {
        name: short('agent-name', 0),
        description: short('agent-description', 1),
        instructions: corpus('agent-instructions').slice(0, 19_000),
        referenceNotes: corpus('agent-notes').slice(0, 19_000),
        starters: [short('starter-1', 0), short('starter-2', 2), short('starter-3', 3)],
        defaultModel: OPENAI,
        tools: [`mcp:${tools.id}:echo`],
      },
    }),
    201,
  );
  const toolCall = { toolCalls: [{ name: 'payload_tools__echo', arguments: { text: corpus('tool-result') } }], match: { vendor: 'openai' } };
  expect((await emulator('script', [toolCall, { reply: corpus('agent-reply'), match: { vendor: 'openai' } }])).ok()).toBe(true);
  const agentTurn = await json<{ conversationId: string }>(await api.post('/api/assistants/chat', { headers, data: { agentId: agent.id, message: corpus('agent-message') } }), 200);
  expect(mcp.calls).toContain('echo');

  // An API key label.
  await json(await api.post('/api/profile/api-keys', { headers, data: { provider: 'replicate', key: 'r8_not-a-real-key-000', label: short('key-label', 1), saveIfFailing: true } }), 201);

  stored = {
    mallory: { email: me.email, password, name },
    conversation: turn.conversationId,
    agent: agent.id,
    agentConversation: agentTurn.conversationId,
    prompt: prompt.id,
    collection: collection.id,
    chunk: hit!.chunkId,
    folder: folder.id,
    image: image.id,
    svg,
    html,
    sharedServers: [tools.id, named.id],
  };
  await api.dispose();
});

test.afterAll(async ({ playwright }, testInfo) => {
  const api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  const admin = await json<{ accessToken: string }>(await api.post('/api/auth/login', { data: { email: ADMIN.email, password: ADMIN.password } }), 200);
  for (const id of stored?.sharedServers ?? []) await api.delete(`/api/admin/mcp-servers/${id}`, { headers: { Authorization: `Bearer ${admin.accessToken}` } });
  await api.dispose();
  await mcp?.close();
});

interface Attack {
  /** `__xss` calls: a payload ran. */
  ran: string[];
  dialogs: string[];
  /** Content-Security-Policy violations that a payload in the page caused (see `watch`). */
  csp: string[];
}

/**
 * Traps for what a payload does if it runs, in every frame of the page, and the CSP violations it
 * causes. Chromium reports an inline event handler when it parses one, even into an inert document
 * where nothing can run: the sanitiser's own parse of a payload (DOMParser) reports
 * `script-src-attr` at the document (the last test holds Chromium to this). A handler on an element
 * of the live page reports at that element, and anything else (an inline or javascript: script,
 * eval, a frame, a plugin) is another directive: those are the violations that count.
 */
async function watch(page: Page): Promise<Attack> {
  const attack: Attack = { ran: [], dialogs: [], csp: [] };
  await page.exposeFunction('__xss', (id: string) => void attack.ran.push(id));
  await page.exposeFunction('__cspViolation', (text: string) => void attack.csp.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      if (event.effectiveDirective === 'script-src-attr' && event.target === document) return;
      const report = (window as unknown as { __cspViolation?: (text: string) => void }).__cspViolation;
      const target = event.target instanceof Element ? event.target.outerHTML.slice(0, 160) : 'the document';
      report?.(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} on ${target}`);
    });
  });
  page.on('dialog', (dialog) => {
    attack.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return attack;
}

/** Markup that only a sanitiser failure puts in the DOM, whether or not the CSP then blocks it. */
function dangerousMarkup(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    // Browsers skip leading spaces and control characters before a scheme.
    const scheme = new RegExp(`^[\\s${String.fromCharCode(0)}-${String.fromCharCode(31)}]*(javascript|vbscript|data):`, 'i');
    const describe = (element: Element) => `<${element.tagName.toLowerCase()}> ${(element.textContent ?? '').trim().slice(0, 60)}`;
    for (const element of Array.from(document.querySelectorAll('*'))) {
      for (const attribute of Array.from(element.attributes)) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith('on')) problems.push(`${describe(element)}: ${name}="${attribute.value.slice(0, 80)}"`);
        if (['href', 'xlink:href', 'src', 'action', 'formaction', 'data'].includes(name) && scheme.test(attribute.value)) {
          if (!(element.tagName === 'IMG' && /^data:image\//i.test(attribute.value))) problems.push(`${describe(element)}: ${name}="${attribute.value.slice(0, 80)}"`);
        }
        if (name === 'srcdoc') problems.push(`${describe(element)}: srcdoc`);
      }
      const tag = element.tagName;
      if (['OBJECT', 'EMBED', 'FRAME'].includes(tag)) problems.push(describe(element));
      // The app's own <base href="/"> is in the head; any other changes where relative links lead.
      if (tag === 'BASE' && (!document.head.contains(element) || new URL((element as HTMLBaseElement).href).origin !== location.origin)) problems.push(`${describe(element)} ${element.getAttribute('href')}`);
      if (tag === 'META' && element.getAttribute('http-equiv')) problems.push(`${describe(element)} http-equiv`);
      if (tag === 'SCRIPT') {
        const src = (element as HTMLScriptElement).src;
        if (!src || new URL(src).origin !== location.origin) problems.push(`${describe(element)} ${src || 'inline'}`);
      }
    }
    return problems;
  });
}

/** Opens a page, waits until the payloads it should show are on it, then checks that none did anything. */
async function visit(page: Page, attack: Attack, url: string, tokens: string[], act?: () => Promise<void>): Promise<void> {
  await page.goto(url);
  for (const token of tokens) await expect(page.getByText(`XSS-${token}`).filter({ visible: true }).first(), `${url} shows XSS-${token}`).toBeVisible();
  if (act) await act();
  // Handlers that fire a little later (autofocus, ontoggle, SVG animations, meta refresh).
  await page.waitForTimeout(300);
  expect({ url, ran: attack.ran, dialogs: attack.dialogs, csp: attack.csp, markup: await dangerousMarkup(page) }).toEqual({ url, ran: [], dialogs: [], csp: [], markup: [] });
}

async function signIn(page: Page): Promise<Attack> {
  const attack = await watch(page);
  await logIn(page, stored.mallory);
  return attack;
}

test('chat: the conversation (user message, model reply, title) and the history list run no payload', async ({ page }) => {
  const attack = await signIn(page);
  await visit(page, attack, `/chat/${stored.conversation}`, ['user-message', 'chat-reply']);
  const history = page.getByTestId('history-panel');
  if (!(await history.isVisible())) await page.getByTestId('history-toggle').click();
  await expect(history.getByText('XSS-conversation-title')).toBeVisible();
  await visit(page, attack, `/chat/${stored.conversation}`, ['conversation-title', 'chat-reply']);
  await visit(page, attack, '/', ['profile-name']);
});

/** Waits until the form fields of an editor hold the payloads (field values are text, never markup). */
const fieldsHold = (page: Page, tokens: string[]) => async () => {
  const values = () => page.locator('input, textarea').evaluateAll((fields) => fields.map((field) => (field as HTMLInputElement).value).join('\n'));
  for (const token of tokens) await expect.poll(values).toContain(`XSS-${token}`);
};

test('prompts: the library and the editor run no payload', async ({ page }) => {
  const attack = await signIn(page);
  await visit(page, attack, '/prompts', ['prompt-title']);
  await visit(page, attack, `/prompts/${stored.prompt}/edit`, [], fieldsHold(page, ['prompt-title', 'prompt-body']));
});

test('agents: the list, the chat with its tool results, and the editor run no payload', async ({ page }) => {
  const attack = await signIn(page);
  await visit(page, attack, '/agents', ['agent-name', 'agent-description']);
  await visit(page, attack, `/agents/${stored.agent}`, ['agent-name', 'starter-1', 'starter-2', 'starter-3']);
  await visit(page, attack, `/agents/${stored.agent}?conversation=${stored.agentConversation}`, ['agent-message', 'agent-reply'], async () => {
    for (const toggle of await page.getByTestId('tool-step-toggle').all()) await toggle.click();
    await expect(page.getByTestId('tool-step-details').getByText('XSS-tool-result').first()).toBeVisible();
  });
  await visit(page, attack, `/agents/${stored.agent}/edit`, [], fieldsHold(page, ['agent-name', 'agent-description', 'agent-instructions', 'starter-1']));
});

test('media: the grid, the list and the preview run no payload', async ({ page }) => {
  const attack = await signIn(page);
  await visit(page, attack, '/media', ['folder-name', 'document-name']);
  await page.getByTestId('media-view-list').click();
  await visit(page, attack, '/media', ['document-name']);
  await page.getByTestId('media-view-grid').click();
  await visit(page, attack, `/media?file=${stored.image}`, ['file-name']);
});

test('knowledge: the collections, a collection and a passage run no payload', async ({ page }) => {
  const attack = await signIn(page);
  await visit(page, attack, '/knowledge', ['collection-name']);
  await visit(page, attack, `/knowledge/${stored.collection}`, ['collection-name', 'document-name']);
  await visit(page, attack, `/knowledge/passages/${stored.chunk}`, ['passage', 'document-name', 'collection-name']);
});

test('profile: the name, API key labels and MCP server names run no payload', async ({ page }) => {
  const attack = await signIn(page);
  await visit(page, attack, '/profile', ['profile-name', 'key-label', 'mcp-name']);
});

test('admin: shared MCP server names run no payload', async ({ page }) => {
  const attack = await watch(page);
  await logIn(page, ADMIN);
  await visit(page, attack, '/admin/mcp-servers', ['mcp-name']);
});

test('uploaded SVG and HTML are served as sandboxed attachments: opening their links runs nothing', async ({ page }) => {
  const attack = await signIn(page);
  for (const file of [stored.svg, stored.html]) {
    const response = await page.request.get(file.contentUrl);
    expect(response.status()).toBe(200);
    const headers = response.headers();
    expect(headers['content-disposition']).toMatch(/^attachment;/);
    expect(headers['content-security-policy']).toMatch(/(^|; )sandbox($|;)/);
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    // Opened in the browser, the link downloads the file; nothing renders in Webox's origin.
    const download = page.waitForEvent('download', { timeout: 10_000 });
    await page.goto(file.contentUrl).catch(() => undefined);
    await download;
    // And from the library: the preview offers it, it does not render it.
    await visit(page, attack, `/media?file=${file.id}`, []);
  }
  expect(attack.ran).toEqual([]);
});

test('Chromium reports a handler parsed into an inert document at the document, one in the live page at its element (what `watch` relies on)', async ({ page }) => {
  const seen: string[] = [];
  await page.exposeFunction('__seen', (text: string) => void seen.push(text));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (event) => void (window as unknown as { __seen: (t: string) => void }).__seen(`${event.effectiveDirective} ${event.target === document ? 'document' : (event.target as Element).tagName}`)));
  await page.goto('/login');
  await page.evaluate(() => void new DOMParser().parseFromString('<img src=x onerror="void 0">', 'text/html'));
  await expect.poll(() => seen).toEqual(['script-src-attr document']);
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="void 0">'));
  await expect.poll(() => seen).toEqual(['script-src-attr document', 'script-src-attr IMG']);
});
