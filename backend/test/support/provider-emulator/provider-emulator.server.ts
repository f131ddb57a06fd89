import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicProtocol } from './anthropic.protocol';
import { BehaviourResolver } from './behaviour.resolver';
import { elevenlabsProtocol } from './elevenlabs.protocol';
import { embedText } from './embedding.generator';
import { geminiProtocol } from './gemini.protocol';
import { asRecord } from './json-value.utils';
import { isMultipart, parseMultipart } from './multipart-body.parser';
import { openaiMediaProtocol } from './openai-media.protocol';
import { openaiProtocol } from './openai.protocol';
import { PipedreamStore, pipedreamProtocol } from './pipedream.protocol';
import { PredictionStore } from './prediction.store';
import type { Behaviour, EmulatedPrediction, ProviderEmulatorOptions, RecordedRequest, ResolvedBehaviour, ScriptedBehaviour, Vendor } from './provider-emulator.types';
import { replicateProtocol } from './replicate.protocol';
import { twilioProtocol } from './twilio.protocol';
import { planReply } from './reply.planner';
import { RequestLog } from './request-log.store';
import { writeAsync, writeSseStream } from './sse-stream.writer';
import { sleep, untilClosed } from './timing.utils';
import { EmulatorRequestError, type MediaContext, type MediaProtocol, type RouteMatch, type VendorProtocol, type WireProtocol } from './vendor.protocol';

/** Per-request knobs as JSON, for callers that can add a header but cannot reach the emulator object. */
export const SCENARIO_HEADER = 'x-emulator-scenario';
const CONTROL_PREFIX = '/_emulator/';
const REDACTED = '[redacted]';

// Gemini first: its `/v1/models/{m}:action` paths would otherwise look like OpenAI's `/v1/...`.
const PROTOCOLS: VendorProtocol[] = [geminiProtocol, anthropicProtocol, openaiProtocol];
// Media routes are matched before chat ones; their paths are all distinct from them.
const MEDIA_PROTOCOLS: MediaProtocol[] = [twilioProtocol, replicateProtocol, elevenlabsProtocol, openaiMediaProtocol, pipedreamProtocol];

type ChatVendor = 'openai' | 'anthropic' | 'gemini';

const DEFAULT_MODELS: Record<ChatVendor, string[]> = {
  openai: ['gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small'],
  anthropic: ['claude-sonnet-4-6', 'claude-haiku-4-5'],
  gemini: ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-embedding-001'],
};

type KeySource = NonNullable<RecordedRequest['keySource']>;

/** An answer's status and bytes. */
interface Payload {
  status: number;
  contentType: string;
  data: Buffer;
}

const jsonPayload = (status: number, body: unknown): Payload => ({ status, contentType: 'application/json', data: Buffer.from(JSON.stringify(body)) });

interface Exchange<P extends WireProtocol = VendorProtocol> {
  req: IncomingMessage;
  res: ServerResponse;
  record: RecordedRequest;
  protocol: P;
  route: RouteMatch;
  /** Aborted when the connection closes, so waits and streams stop at once. */
  closed: AbortSignal;
  headers: Record<string, string>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** JSON bodies parsed; form-encoded ones (Twilio's REST API) as an object; multipart ones (OpenAI's transcription uploads) read into fields and file sizes. */
async function parseBody(data: Buffer, headers: IncomingHttpHeaders): Promise<{ ok: true; value: unknown } | { ok: false }> {
  if (/application\/x-www-form-urlencoded/i.test(headerValue(headers, 'content-type') ?? '')) return { ok: true, value: Object.fromEntries(new URLSearchParams(data.toString('utf8'))) };
  if (!isMultipart(headers)) return parseJson(data.toString('utf8'));
  const multipart = await parseMultipart(data, headers);
  return multipart ? { ok: true, value: multipart } : { ok: false };
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function findKey(headers: IncomingHttpHeaders, query: URLSearchParams): { source: KeySource; key: string } | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(headerValue(headers, 'authorization') ?? '')?.[1];
  if (bearer) return { source: 'authorization', key: bearer };
  // Twilio: HTTP Basic with the Account SID as user name and the Auth Token as password.
  const basic = /^Basic\s+(.+)$/i.exec(headerValue(headers, 'authorization') ?? '')?.[1];
  if (basic) return { source: 'basic', key: Buffer.from(basic, 'base64').toString('utf8').split(':').slice(1).join(':') };
  for (const source of ['x-api-key', 'x-goog-api-key', 'xi-api-key'] as const) {
    const key = headerValue(headers, source);
    if (key) return { source, key };
  }
  const key = query.get('key');
  return key ? { source: 'query', key } : undefined;
}

const KEY_HEADERS = new Set(['x-api-key', 'x-goog-api-key', 'xi-api-key']);

/** Headers as logged: every value a string, the key replaced so logs and snapshots never hold one. */
function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (name === 'authorization') redacted[name] = String(value).replace(/^(\S+\s+).*$/, `$1${REDACTED}`);
    else redacted[name] = KEY_HEADERS.has(name) ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  return redacted;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (!text.trim()) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function findRoute<P extends WireProtocol>(protocols: P[], method: string, path: string, headers: IncomingHttpHeaders): { protocol: P; route: RouteMatch } | undefined {
  for (const protocol of protocols) {
    const route = protocol.matchRoute(method, path, headers);
    if (route) return { protocol, route };
  }
  return undefined;
}

function scenarioFromHeader(req: IncomingMessage): Behaviour | undefined {
  const raw = headerValue(req.headers, SCENARIO_HEADER);
  if (!raw) return undefined;
  const parsed = parseJson(raw);
  const scenario = parsed.ok ? asRecord(parsed.value) : undefined;
  if (!scenario) throw new EmulatorRequestError(`${SCENARIO_HEADER} must be a JSON object of behaviour knobs`);
  return scenario as Behaviour;
}

/** Loopback HTTP server speaking the OpenAI, Anthropic, Gemini, Replicate and ElevenLabs wire formats. Start it with `startProviderEmulator`. */
export class ProviderEmulator {
  private readonly log = new RequestLog();
  private readonly predictionStore = new PredictionStore();
  private readonly pipedreamStore = new PipedreamStore();
  private readonly behaviours: BehaviourResolver;
  private readonly apiKeys: string[];
  private readonly models: Record<ChatVendor, string[]>;
  private readonly server: Server;
  private baseUrl = '';

  private constructor(private readonly options: ProviderEmulatorOptions) {
    this.behaviours = new BehaviourResolver(options.behaviour);
    this.apiKeys = options.apiKeys?.length ? options.apiKeys : ['test-key'];
    this.models = { ...DEFAULT_MODELS, ...options.models } as Record<ChatVendor, string[]>;
    // A request that fails outside the vendor handlers (e.g. the client drops mid-upload) just loses its socket.
    this.server = createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
    // Node closes an idle kept-alive socket after 5 s; a client whose event loop was blocked longer
    // (a vendor SDK loading on a busy CI machine: 5 s and more) then sends its next request on a
    // socket the server is closing, and the request fails as if the vendor were unreachable. Real
    // vendors keep sockets far longer than undici's 4 s, so the client is always the one to close.
    this.server.keepAliveTimeout = 120_000;
  }

  static async start(options: ProviderEmulatorOptions = {}): Promise<ProviderEmulator> {
    const emulator = new ProviderEmulator(options);
    await new Promise<void>((resolve, reject) => {
      emulator.server.once('error', reject);
      emulator.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    const { address, port } = emulator.server.address() as AddressInfo;
    emulator.baseUrl = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
    return emulator;
  }

  /** Root URL, e.g. `http://127.0.0.1:4010`. */
  get url(): string {
    return this.baseUrl;
  }

  /** `new OpenAI({ baseURL })`: the SDK appends paths like `/chat/completions` to it. */
  get openaiBaseUrl(): string {
    return `${this.baseUrl}/v1`;
  }

  /** `new Anthropic({ baseURL })`: the SDK appends `/v1/messages`. */
  get anthropicBaseUrl(): string {
    return this.baseUrl;
  }

  /** `new GoogleGenAI({ httpOptions: { baseUrl } })`: the SDK appends `/v1beta/models/...`. */
  get geminiBaseUrl(): string {
    return this.baseUrl;
  }

  /** `new Replicate({ baseUrl })`: the SDK appends `/predictions`, `/models/{owner}/{name}/predictions`. */
  get replicateBaseUrl(): string {
    return `${this.baseUrl}/v1`;
  }

  /** `new PipedreamClient({ baseUrl })` (`PIPEDREAM_API_BASE_URL`): the SDK appends `/v1/oauth/token`, `/v1/connect/{project}/…`. */
  get pipedreamBaseUrl(): string {
    return this.baseUrl;
  }

  /** `new ElevenLabsClient({ baseUrl })`: the SDK appends `/v1/text-to-speech/{voice_id}`. */
  get elevenlabsBaseUrl(): string {
    return this.baseUrl;
  }

  /** `TWILIO_API_BASE_URL`: twilio-node's requests to `https://api.twilio.com/2010-04-01/...` land here. */
  get twilioBaseUrl(): string {
    return this.baseUrl;
  }

  /** The first accepted key. */
  get apiKey(): string {
    return this.apiKeys[0] ?? 'test-key';
  }

  /** Every request received since start or the last `reset()`; entries update live (abort, end). */
  get requests(): readonly RecordedRequest[] {
    return this.log.all;
  }

  /** Replicate predictions created since start or the last `reset()`, oldest first (entries update live). */
  get predictions(): readonly EmulatedPrediction[] {
    return this.predictionStore.all;
  }

  lastRequest(): RecordedRequest | undefined {
    return this.log.all[this.log.all.length - 1];
  }

  /** Replaces the server-wide knobs (the layer under scripts and headers). */
  setBehaviour(behaviour: Behaviour): void {
    this.behaviours.setServerWide(behaviour);
  }

  /** Queues one-shot behaviours; each is consumed by the first later request it matches (default: any chat request). */
  script(...entries: ScriptedBehaviour[]): void {
    this.behaviours.enqueue(entries);
  }

  /** Scripted entries not consumed yet; a test can assert this is empty at its end. */
  get pendingScripts(): readonly ScriptedBehaviour[] {
    return this.behaviours.pending;
  }

  /** Clears the log, the script queue and the predictions, and restores the server-wide knobs given at start. */
  reset(): void {
    this.behaviours.reset();
    this.log.clear();
    this.predictionStore.clear();
    this.pipedreamStore.clear();
  }

  waitForRequest(index: number, timeoutMs = 2000): Promise<RecordedRequest> {
    return this.log.waitFor(index, timeoutMs, 'arrival', () => true);
  }

  /** Resolves once the request's response is over, whichever way (completed, error, cut, aborted). */
  waitForEnd(index: number, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.log.waitFor(index, timeoutMs, 'the end', (record) => record.outcome !== 'pending');
  }

  /** Resolves when the client has closed request `index` before its response ended; rejects if it ended normally. */
  waitForAbort(index: number, timeoutMs = 2000): Promise<RecordedRequest> {
    return this.log.waitFor(
      index,
      timeoutMs,
      'a client abort',
      (record) => record.abortedAt !== undefined,
      (record) => (record.outcome !== 'pending' && record.outcome !== 'aborted' ? `ended as '${record.outcome}' without a client abort` : undefined),
    );
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Hung and keep-alive connections would hold close() open forever.
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const method = req.method ?? 'GET';
    const bodyData = await readBody(req);
    const bodyText = bodyData.toString('utf8');
    if (url.pathname.startsWith(CONTROL_PREFIX)) return this.control(method, url.pathname, bodyText, res);
    const media = findRoute(MEDIA_PROTOCOLS, method, url.pathname, req.headers);
    const chat = media ? undefined : findRoute(PROTOCOLS, method, url.pathname, req.headers);
    const found = media ?? chat;
    const body = await parseBody(bodyData, req.headers);
    const record = this.record(req, url, method, found?.protocol.vendor, found?.route, body.ok ? body.value : bodyText);
    const closed = new AbortController();
    res.on('close', () => {
      if (record.outcome === 'pending' && !res.writableFinished) this.log.update(record, { outcome: 'aborted', abortedAt: Date.now() });
      closed.abort();
      this.options.onLog?.(this.describe(record));
    });
    if (!found) return this.sendJson(res, record, 404, { error: { message: `The emulator has no route for ${method} ${url.pathname}` } }, {});
    const base = { req, res, record, route: found.route, closed: closed.signal, headers: found.protocol.responseHeaders(record) };
    const exchange: Exchange<WireProtocol> = { ...base, protocol: found.protocol };
    try {
      // Generated files are public, as on the vendors' CDNs.
      if (!record.keyMatched && !found.route.public) return this.sendError(exchange, 401);
      if (!body.ok) throw new EmulatorRequestError(isMultipart(req.headers) ? 'We could not parse the multipart body of your request.' : 'We could not parse the JSON body of your request.');
      if (media) return await this.serveMedia({ ...base, protocol: media.protocol });
      if (!chat) return;
      const vendor = chat.protocol.vendor as ChatVendor;
      if (exchange.route.kind === 'models') {
        // Scripted failures apply here too: a key verification can then meet a vendor that is down or slow.
        if (await this.failBeforeAnswer(exchange, this.resolveBehaviour(exchange))) return;
        return this.sendJson(res, record, 200, chat.protocol.modelsResponse(this.models[vendor]), exchange.headers);
      }
      if (exchange.route.kind === 'embeddings') return await this.serveEmbeddings({ ...base, protocol: chat.protocol });
      return await this.serveChat({ ...base, protocol: chat.protocol });
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      if (error instanceof EmulatorRequestError) return this.sendError(exchange, error.status, error.message);
      return this.sendError(exchange, 500, `Emulator bug: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private record(req: IncomingMessage, url: URL, method: string, vendor: Vendor | undefined, route: RouteMatch | undefined, body: unknown): RecordedRequest {
    const key = findKey(req.headers, url.searchParams);
    const keyIndex = key ? this.apiKeys.indexOf(key.key) : -1;
    const query = Object.fromEntries([...url.searchParams].map(([name, value]) => [name, name === 'key' ? REDACTED : value]));
    return this.log.add({
      vendor: vendor ?? 'unknown',
      kind: route?.kind ?? 'unknown',
      method,
      path: url.pathname,
      query,
      headers: redactHeaders(req.headers),
      keySource: key?.source,
      keyMatched: keyIndex >= 0,
      keyIndex: keyIndex >= 0 ? keyIndex : undefined,
      body,
      model: route?.model,
      stream: route?.stream ?? false,
      messages: [],
      toolNames: [],
      toolCalls: [],
      toolResults: [],
      outcome: 'pending',
      receivedAt: Date.now(),
      tokensSent: 0,
    });
  }

  private async serveChat(exchange: Exchange): Promise<void> {
    const { record, protocol, route } = exchange;
    const chat = protocol.parseChat(record.body, route);
    const { model, stream, system, messages, toolNames, toolCalls, toolResults } = chat;
    this.log.update(record, { model, stream, system, messages, toolNames, toolCalls, toolResults });
    if (chat.refusal) throw new EmulatorRequestError(chat.refusal);
    const behaviour = this.resolveBehaviour(exchange);
    if (await this.failBeforeAnswer(exchange, behaviour)) return;
    const plan = planReply(record, behaviour, (position) => protocol.toolCallId(record, position), chat.maxTokens);
    if (!chat.stream) return this.sendAnswer(exchange, behaviour, protocol.chatResponse(plan, record), plan.completionTokens);
    await writeSseStream(exchange.res, protocol.chatStream(plan, record), behaviour, exchange.headers, {
      signal: exchange.closed,
      onToken: () => this.log.update(record, { tokensSent: record.tokensSent + 1, firstTokenAt: record.firstTokenAt ?? Date.now() }),
      onCut: () => this.log.update(record, { status: 200, outcome: 'cut', endedAt: Date.now() }),
      onComplete: () => this.log.update(record, { status: 200, outcome: 'completed', endedAt: Date.now() }),
    });
  }

  private async serveEmbeddings(exchange: Exchange): Promise<void> {
    const { record, protocol, route } = exchange;
    const embeddings = protocol.parseEmbeddings(record.body, route);
    this.log.update(record, { model: embeddings.model });
    const behaviour = this.resolveBehaviour(exchange);
    if (await this.failBeforeAnswer(exchange, behaviour)) return;
    const vectors = embeddings.inputs.map((input) => embedText(input, embeddings.dimensions ?? behaviour.embeddingDimensions));
    return this.sendAnswer(exchange, behaviour, protocol.embeddingsResponse(vectors, embeddings, record), 0);
  }

  /** Images, speech, Replicate predictions and generated files: the same knobs as chat, the bytes from the media protocol. */
  private async serveMedia(exchange: Exchange<MediaProtocol>): Promise<void> {
    const { record, protocol, route } = exchange;
    const context: MediaContext = { url: this.baseUrl, predictions: this.predictionStore, pipedream: this.pipedreamStore, apiKeys: this.apiKeys };
    this.log.update(record, protocol.inspect(record, route, context));
    const behaviour = this.resolveBehaviour(exchange);
    if (await this.failBeforeAnswer(exchange, behaviour)) return;
    const answer = await protocol.answer(record, route, behaviour, context);
    if (answer.logged) this.log.update(record, answer.logged);
    const payload = 'json' in answer ? jsonPayload(answer.status, answer.json) : { status: answer.status, contentType: answer.contentType, data: answer.bytes };
    return this.sendPayload({ ...exchange, headers: { ...exchange.headers, ...answer.headers } }, behaviour, payload, 0);
  }

  private resolveBehaviour(exchange: Exchange<WireProtocol>): ResolvedBehaviour {
    const behaviour = this.behaviours.resolve(exchange.record, scenarioFromHeader(exchange.req));
    this.log.update(exchange.record, { behaviour });
    return behaviour;
  }

  /** Status failures and plain hangs happen before any byte of the answer. Returns true when the request is dealt with. */
  private async failBeforeAnswer(exchange: Exchange<WireProtocol>, behaviour: ResolvedBehaviour): Promise<boolean> {
    const { failure } = behaviour;
    if (failure?.type === 'hang' && (!exchange.record.stream || failure.afterTokens === undefined)) {
      await untilClosed(exchange.closed);
      return true;
    }
    if (failure?.type !== 'status') return false;
    if (await sleep(behaviour.firstTokenDelayMs, exchange.closed)) this.sendError(exchange, failure.status, failure.message, failure.retryAfterSeconds);
    return true;
  }

  /** A non-streaming answer: it takes the first-token delay plus the time to generate its tokens at the set pace. */
  private sendAnswer(exchange: Exchange, behaviour: ResolvedBehaviour, body: unknown, tokens: number): Promise<void> {
    return this.sendPayload(exchange, behaviour, jsonPayload(200, body), tokens);
  }

  private async sendPayload(exchange: Exchange<WireProtocol>, behaviour: ResolvedBehaviour, payload: Payload, tokens: number): Promise<void> {
    const generationMs = behaviour.tokensPerSecond > 0 ? (tokens * 1000) / behaviour.tokensPerSecond : 0;
    if (!(await sleep(behaviour.firstTokenDelayMs + generationMs, exchange.closed))) return;
    if (behaviour.failure?.type !== 'cut') return this.send(exchange.res, exchange.record, payload, exchange.headers, tokens);
    // A cut answer: headers promise the whole body, half of it arrives, then the connection drops.
    exchange.res.writeHead(payload.status, { 'content-type': payload.contentType, 'content-length': String(payload.data.length), ...exchange.headers });
    await writeAsync(exchange.res, payload.data.subarray(0, Math.floor(payload.data.length / 2)));
    this.log.update(exchange.record, { status: payload.status, outcome: 'cut', firstTokenAt: Date.now(), endedAt: Date.now() });
    exchange.res.destroy();
  }

  private sendError(exchange: Exchange<WireProtocol>, status: number, message?: string, retryAfterSeconds?: number): void {
    const retryAfter = retryAfterSeconds ?? (status === 429 ? 1 : undefined);
    const headers = { ...exchange.headers, ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }) };
    this.sendJson(exchange.res, exchange.record, status, exchange.protocol.errorBody(status, message, exchange.record), headers);
  }

  private sendJson(res: ServerResponse, record: RecordedRequest, status: number, body: unknown, headers: Record<string, string>, tokens = 0): void {
    this.send(res, record, jsonPayload(status, body), headers, tokens);
  }

  private send(res: ServerResponse, record: RecordedRequest, { status, contentType, data }: Payload, headers: Record<string, string>, tokens = 0): void {
    const now = Date.now();
    // The outcome is set before end() so the close that follows is not taken for a client abort.
    this.log.update(record, { status, outcome: status < 400 ? 'completed' : 'error-status', endedAt: now, ...(status < 400 ? { firstTokenAt: now, tokensSent: tokens } : {}) });
    res.writeHead(status, { 'content-type': contentType, 'content-length': String(data.length), ...headers });
    res.end(data);
  }

  /** `/_emulator/*`: drive a standalone emulator (the CLI) from another process. Not logged. */
  private control(method: string, path: string, bodyText: string, res: ServerResponse): void {
    const body = parseJson(bodyText);
    const value = body.ok ? body.value : undefined;
    const reply = (status: number, payload: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const action = `${method} ${path.slice(CONTROL_PREFIX.length)}`;
    if (action === 'GET requests') return reply(200, this.requests);
    if (action === 'GET health') return reply(200, { ok: true });
    if (action === 'GET predictions') return reply(200, this.predictions);
    if (action === 'POST reset') {
      this.reset();
      return reply(200, { ok: true });
    }
    if (!asRecord(value) && !Array.isArray(value)) return reply(400, { error: 'expected a JSON object (or an array for script)' });
    if (action === 'PUT behaviour' || action === 'POST behaviour') {
      this.setBehaviour(value as Behaviour);
      return reply(200, { ok: true });
    }
    if (action === 'POST script') {
      this.script(...((Array.isArray(value) ? value : [value]) as ScriptedBehaviour[]));
      return reply(200, { ok: true, pending: this.pendingScripts.length });
    }
    return reply(404, { error: `unknown control action ${action}` });
  }

  private describe(record: RecordedRequest): string {
    const took = (record.endedAt ?? record.abortedAt ?? Date.now()) - record.receivedAt;
    return `#${record.index} ${record.vendor} ${record.method} ${record.path}${record.model ? ` ${record.model}` : ''}${record.stream ? ' (stream)' : ''}${record.predictionId ? ` [${record.predictionId}]` : ''} -> ${record.status ?? '-'} ${record.outcome} in ${took} ms`;
  }
}

export function startProviderEmulator(options?: ProviderEmulatorOptions): Promise<ProviderEmulator> {
  return ProviderEmulator.start(options);
}
