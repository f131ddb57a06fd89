import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { redactUrlsIn } from '../common/redact';
import { classifyAddress, isMetadataAddress } from './ip-ranges';

/**
 * Server-side fetches of URLs that users (or models acting for them) choose. Without a guard,
 * "read this page" reaches the cloud metadata service, the database or an admin panel on the
 * private network. Every hop is checked: the scheme, the host's addresses, and the address the
 * socket actually connects to (the check runs inside the connection's own DNS lookup, so a name
 * cannot resolve to a public address for the check and to a private one for the connection).
 */

export const FETCH_DEFAULTS = { timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024, maxRedirects: 5 } as const;

/** Why a fetch did not happen or did not finish: its message is meant for the user (and the model). */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly url: string,
  ) {
    // Users, models and logs read it; the URL's query may hold a key (an MCP server's `?key=`).
    super(redactUrlsIn(message));
    this.name = 'FetchError';
  }
}

/** The URL, or a redirect it led to, points somewhere Webox does not go. */
export class BlockedUrlError extends FetchError {
  constructor(message: string, url: string) {
    super(message, url);
    this.name = 'BlockedUrlError';
  }
}

/** A cap was reached: time, size (streams only; safeFetch truncates), redirects, or a content type not accepted. */
export class FetchLimitError extends FetchError {
  constructor(
    readonly limit: 'time' | 'size' | 'redirects' | 'content-type',
    message: string,
    url: string,
  ) {
    super(message, url);
    this.name = 'FetchLimitError';
  }
}

export interface SafeFetchOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The whole request, body included (default 10 s). */
  timeoutMs?: number;
  /** Bytes of body read at most (default 2 MB): safeFetch stops there and reports `truncated`. */
  maxBytes?: number;
  maxRedirects?: number;
  /** Accepted media types (`text/html`, `text/*`, `application/json`); others are refused before the body is read. */
  contentTypes?: readonly string[];
  /** `host` or `host:port` entries that may be private (AppConfig.fetchAllowlist). */
  allowlist?: readonly string[];
  /** Skips the address check entirely: only for targets an admin configured (MCP servers). */
  allowPrivate?: boolean;
  /**
   * Lets loopback and private addresses in but still refuses link-local ones and cloud metadata
   * services (`isMetadataAddress`): for targets an admin configured that may run on the local
   * network (OpenAI-compatible endpoints such as Ollama), never for a URL a user chose.
   */
  allowLocalNetwork?: boolean;
  signal?: AbortSignal;
  /**
   * Kept-alive sockets for a caller that sends many requests under one policy (see OutboundPool);
   * without it every request has a socket of its own.
   */
  pool?: OutboundPool;
}

type PolicyOptions = Pick<SafeFetchOptions, 'allowlist' | 'allowPrivate' | 'allowLocalNetwork'>;

const policyKey = (options: PolicyOptions): string => JSON.stringify([[...(options.allowlist ?? [])].sort(), Boolean(options.allowPrivate), Boolean(options.allowLocalNetwork)]);

/**
 * Sockets kept alive between requests of one caller under one address policy (the webhook
 * deliveries: a hundred requests an event, often to the same receivers; a new socket each cost
 * about half of a delivery's start). Every socket of a pool is opened through the guarded lookup of
 * that policy, so reusing one is as safe as opening it; a request under another policy cannot use
 * the pool (safeFetch refuses it). A kept socket stays on the address checked when it opened.
 */
export class OutboundPool {
  readonly key: string;
  private readonly http = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64, timeout: 30_000 });
  private readonly https = new https.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64, timeout: 30_000 });

  constructor(policy: PolicyOptions) {
    this.key = policyKey(policy);
  }

  agentFor(url: URL): http.Agent {
    return url.protocol === 'https:' ? this.https : this.http;
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

export interface FetchedResource {
  /** After redirects. */
  url: string;
  status: number;
  statusText: string;
  headers: Headers;
  /** The media type, lower case, without parameters (`text/html`). */
  contentType: string;
  /** The `charset` parameter, when given. */
  charset: string | undefined;
  body: Buffer;
  /** The body was longer than maxBytes and was cut there. */
  truncated: boolean;
}

/** Fetches a user-given URL within the guard and the caps; the body is read into memory up to maxBytes. */
export async function safeFetch(url: string | URL, options: SafeFetchOptions = {}): Promise<FetchedResource> {
  const timeoutMs = options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const maxBytes = options.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const start = parseTarget(url);
  const abort = linkedAbort(options.signal);
  const timer = setTimeout(() => abort.controller.abort(new FetchLimitError('time', `${start.host} did not answer within ${seconds(timeoutMs)}`, start.href)), timeoutMs);
  try {
    const { response, finalUrl } = await sendFollowing(start, { method: options.method ?? 'GET', headers: options.headers ?? {}, body: options.body }, policyOf(options), abort.controller.signal, 'follow');
    const contentType = mediaType(response.headers['content-type']);
    if (options.contentTypes && !accepts(options.contentTypes, contentType)) {
      response.destroy();
      throw new FetchLimitError('content-type', `${finalUrl.href} is ${contentType || 'of no stated type'}, which is not read here (accepted: ${options.contentTypes.join(', ')})`, finalUrl.href);
    }
    const { body, truncated } = await readCapped(decoded(response), maxBytes, abort.controller.signal);
    return {
      url: finalUrl.href,
      status: response.statusCode ?? 0,
      statusText: response.statusMessage ?? '',
      headers: headersOf(response),
      contentType,
      charset: /;\s*charset="?([^";\s]+)/i.exec(String(response.headers['content-type'] ?? ''))?.[1]?.toLowerCase(),
      body,
      truncated,
    };
  } catch (error) {
    throw abort.controller.signal.aborted ? abortReason(abort.controller.signal) : error;
  } finally {
    clearTimeout(timer);
    abort.unlink();
  }
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A `fetch` with the same guard, for libraries that take one (the MCP client's Streamable HTTP
 * transport). Its body streams (SSE works), so `timeoutMs` covers connecting until the response
 * headers arrive, and the caller's signal governs the rest; `maxBytes` caps each response body
 * (the stream then fails with a FetchLimitError). Redirects are followed by the guard, each hop
 * checked, and credentials are not carried to another origin.
 */
export function createSafeFetch(defaults: Omit<SafeFetchOptions, 'method' | 'headers' | 'body' | 'signal'> = {}): FetchLike {
  const timeoutMs = defaults.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const maxBytes = defaults.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  return async (input, init) => {
    const request = new Request(input, init);
    const start = parseTarget(request.url);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const abort = linkedAbort(request.signal);
    const timer = setTimeout(() => abort.controller.abort(new FetchLimitError('time', `${start.host} did not answer within ${seconds(timeoutMs)}`, start.href)), timeoutMs);
    try {
      const { response, finalUrl, redirected } = await sendFollowing(start, { method: request.method, headers, body }, policyOf(defaults), abort.controller.signal, request.redirect);
      clearTimeout(timer);
      const status = response.statusCode ?? 0;
      const answered = headersOf(response);
      answered.delete('content-encoding');
      answered.delete('content-length');
      const stream = [101, 204, 205, 304].includes(status) || request.method === 'HEAD' ? null : webStream(decoded(response), maxBytes, finalUrl.href, abort);
      if (!stream) {
        response.destroy();
        abort.unlink();
      }
      const result = new Response(stream, { status, statusText: response.statusMessage ?? '', headers: answered });
      Object.defineProperty(result, 'url', { value: finalUrl.href });
      Object.defineProperty(result, 'redirected', { value: redirected });
      return result;
    } catch (error) {
      clearTimeout(timer);
      abort.unlink();
      throw abort.controller.signal.aborted ? abortReason(abort.controller.signal) : error;
    }
  };
}

/** Refuses a URL that is not http(s), or whose host is a private address literal or a loopback name (no DNS needed). */
export function checkUrl(url: string | URL, options: Pick<SafeFetchOptions, 'allowlist' | 'allowPrivate' | 'allowLocalNetwork'> = {}): URL {
  const target = parseTarget(url);
  const policy = policyOf(options);
  if (!policy.exempt(target)) checkLiteralHost(target, policy.local);
  return target;
}

/**
 * The check for a URL a user stores (to be called later): `checkUrl`, then every address the
 * name resolves to now. A name that does not resolve passes: DNS may be down, and the connection's
 * own lookup checks it again at each use anyway.
 */
export async function checkStoredUrl(url: string | URL, options: Pick<SafeFetchOptions, 'allowlist' | 'allowLocalNetwork'> = {}): Promise<URL> {
  const target = checkUrl(url, options);
  const policy = policyOf(options);
  if (policy.exempt(target)) return target;
  const host = bareHost(target).replace(/\.$/, '');
  if (isIP(host) || isLoopbackName(host)) return target;
  // A resolver that hangs must not hold the request that stores the URL: after 3 s it counts as not resolving.
  const addresses = await new Promise<LookupAddress[]>((resolve) => {
    const timer = setTimeout(() => resolve([]), 3_000);
    dnsLookup(host, { all: true }, (error, found) => {
      clearTimeout(timer);
      resolve(error ? [] : found);
    });
  });
  for (const { address } of addresses) {
    const verdict = classifyAddress(address);
    if (verdict && !(policy.local && !isMetadataAddress(address))) throw new BlockedUrlError(blockedMessage(host, address, verdict), target.href);
  }
  return target;
}

interface OutgoingRequest {
  method: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

interface Policy {
  pool?: OutboundPool;
  /** The host may be private: allow-listed, or allowPrivate. */
  exempt(url: URL): boolean;
  /** Loopback and private addresses pass, link-local and metadata ones do not (allowLocalNetwork). */
  local: boolean;
  maxRedirects: number;
}

function policyOf(options: Pick<SafeFetchOptions, 'allowlist' | 'allowPrivate' | 'allowLocalNetwork' | 'maxRedirects' | 'pool'>): Policy {
  const entries = (options.allowlist ?? []).map(parseAllowlistEntry).filter((entry): entry is AllowlistEntry => Boolean(entry));
  if (options.pool && options.pool.key !== policyKey(options)) throw new Error('An outbound pool serves one address policy only: this request has another');
  return {
    ...(options.pool ? { pool: options.pool } : {}),
    local: Boolean(options.allowLocalNetwork),
    maxRedirects: options.maxRedirects ?? FETCH_DEFAULTS.maxRedirects,
    exempt: (url) => Boolean(options.allowPrivate) || entries.some((entry) => entry.host === bareHost(url) && (entry.port === undefined || entry.port === portOf(url))),
  };
}

interface AllowlistEntry {
  host: string;
  port?: number;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address; hosts normalised as the URL parser does. */
export function parseAllowlistEntry(entry: string): AllowlistEntry | undefined {
  const text = entry.trim().toLowerCase();
  if (!text) return undefined;
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(isIP(text) === 6 ? `[${text}]` : text);
  if (!match) return undefined;
  try {
    const host = bareHost(new URL(`http://${match[1]}`));
    const port = match[2] === undefined ? undefined : Number(match[2]);
    if (port !== undefined && (port < 1 || port > 65535)) return undefined;
    return { host, ...(port !== undefined ? { port } : {}) };
  } catch {
    return undefined;
  }
}

function parseTarget(url: string | URL): URL {
  let target: URL;
  try {
    // The WHATWG parser already turns `2130706433`, `0x7f.1` and `127.1` into `127.0.0.1`.
    target = new URL(url);
  } catch {
    throw new BlockedUrlError(`"${String(url).slice(0, 200)}" is not a valid URL`, String(url));
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new BlockedUrlError(`${target.protocol.replace(':', '')} URLs are not fetched: only http and https`, target.href);
  }
  return target;
}

const bareHost = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
const portOf = (url: URL) => (url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80);

function blockedMessage(subject: string, address: string, verdict: { reason: string; embedded?: string }): string {
  const what = verdict.embedded ? `${address}, which carries ${verdict.embedded}, ${verdict.reason}` : `${verdict.reason}`;
  const lead = subject === address ? `${address} is ${what}` : `${subject} resolves to ${verdict.embedded ? what : `${address}, ${what}`}`;
  return `${lead}: Webox does not fetch private networks`;
}

/** Whether a verdict refuses the address: with `local`, only link-local and metadata addresses are. */
const refuses = (address: string, verdict: unknown, local: boolean): boolean => !!verdict && (!local || isMetadataAddress(address));

/** Names that mean this machine whatever DNS says (RFC 6761), with or without the root's dot. */
const isLoopbackName = (host: string) => /(^|\.)localhost\.?$/.test(host);

/**
 * Refuses what is private without asking DNS: address literals, and loopback names (a lookup of
 * `localhost` waits for a libuv thread, which a busy process may not have for seconds).
 */
function checkLiteralHost(url: URL, local = false): void {
  const host = bareHost(url);
  if (isLoopbackName(host) && !local) throw new BlockedUrlError(`${host.replace(/\.$/, '')} is this machine (a loopback name): Webox does not fetch private networks`, url.href);
  if (!isIP(host)) return;
  const verdict = classifyAddress(host);
  if (verdict && refuses(host, verdict, local)) throw new BlockedUrlError(blockedMessage(host, host, verdict), url.href);
}

/** The connection's own DNS lookup: every address of the name is checked, and only checked ones are used. */
function guardedLookup(url: URL, exempt: boolean, local: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(new FetchError(`${hostname} could not be found (${error.code ?? error.message})`, url.href), []);
      if (!addresses.length) return callback(new FetchError(`${hostname} has no address`, url.href), []);
      if (!exempt) {
        for (const { address } of addresses) {
          const verdict = classifyAddress(address);
          if (verdict && refuses(address, verdict, local)) return callback(new BlockedUrlError(blockedMessage(hostname, address, verdict), url.href), []);
        }
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** One request to one URL, up to its response headers. */
function sendOnce(url: URL, request: OutgoingRequest, policy: Policy, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const exempt = policy.exempt(url);
    if (!exempt) checkLiteralHost(url, policy.local);
    const client = url.protocol === 'https:' ? https : http;
    const headers = { 'user-agent': 'Mozilla/5.0 (compatible; Webox)', ...request.headers };
    // Without a pool of the same policy, each request has its own socket: a shared one may have been opened by code with other rules.
    const req = client.request(url, { method: request.method, headers, agent: policy.pool?.agentFor(url) ?? false, lookup: guardedLookup(url, exempt, policy.local), signal }, resolve);
    req.on('error', (error: NodeJS.ErrnoException) => reject(error instanceof FetchError || signal.aborted ? error : networkError(url, error)));
    req.end(request.body);
  });
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

async function sendFollowing(start: URL, first: OutgoingRequest, policy: Policy, signal: AbortSignal, mode: RequestRedirect): Promise<{ response: IncomingMessage; finalUrl: URL; redirected: boolean }> {
  let url = start;
  let request = first;
  for (let hop = 0; ; hop++) {
    const response = await sendOnce(url, request, policy, signal);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode ?? 0) || !location || mode === 'manual') return { response, finalUrl: url, redirected: hop > 0 };
    response.destroy();
    if (mode === 'error') throw new FetchError(`${url.href} redirects, and this request does not follow redirects`, url.href);
    if (hop >= policy.maxRedirects) throw new FetchLimitError('redirects', `${start.href} redirected more than ${policy.maxRedirects} times`, start.href);
    let next: URL;
    try {
      next = parseTarget(new URL(location, url));
    } catch (error) {
      throw error instanceof BlockedUrlError ? new BlockedUrlError(`${url.href} redirects to a URL that is not fetched: ${error.message}`, url.href) : error;
    }
    request = nextHopRequest(request, response.statusCode!, url, next);
    url = next;
  }
}

/** What the next hop sends, as fetch does: 303 (and 301/302 after POST) become GET without body; credentials stay with their origin. */
function nextHopRequest(request: OutgoingRequest, status: number, from: URL, to: URL): OutgoingRequest {
  const headers = { ...request.headers };
  let { method, body } = request;
  if (status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST') {
    method = 'GET';
    body = undefined;
    for (const name of Object.keys(headers)) if (/^content-/i.test(name)) delete headers[name];
  }
  if (from.origin !== to.origin) {
    for (const name of Object.keys(headers)) if (/^(authorization|proxy-authorization|cookie)$/i.test(name)) delete headers[name];
  }
  return { method, headers, body };
}

function networkError(url: URL, error: NodeJS.ErrnoException): FetchError {
  const host = url.host;
  switch (error.code) {
    case 'ECONNREFUSED':
      return new FetchError(`${host} refused the connection`, url.href);
    case 'ECONNRESET':
      return new FetchError(`${host} closed the connection`, url.href);
    case 'ETIMEDOUT':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return new FetchError(`${host} could not be reached`, url.href);
    default:
      return new FetchError(`${host} could not be fetched: ${error.message}`, url.href);
  }
}

function decoded(response: IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  if (!decoder) return response;
  response.on('error', (error) => decoder.destroy(error));
  decoder.on('close', () => response.destroy());
  return response.pipe(decoder);
}

/** Reads at most maxBytes (decoded), then stops reading: the sender's stream is destroyed, never drained. */
async function readCapped(stream: Readable, maxBytes: number, signal: AbortSignal): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      signal.throwIfAborted();
      const buffer = chunk as Buffer;
      if (size + buffer.length > maxBytes) {
        chunks.push(buffer.subarray(0, maxBytes - size));
        return { body: Buffer.concat(chunks), truncated: true };
      }
      chunks.push(buffer);
      size += buffer.length;
    }
    return { body: Buffer.concat(chunks), truncated: false };
  } finally {
    stream.destroy();
  }
}

function webStream(stream: Readable, maxBytes: number, url: string, abort: { controller: AbortController; unlink(): void }): ReadableStream<Uint8Array> {
  const iterator = stream[Symbol.asyncIterator]();
  let size = 0;
  const finish = () => {
    stream.destroy();
    abort.unlink();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await iterator.next();
        if (done) {
          finish();
          return controller.close();
        }
        const chunk = value as Buffer;
        size += chunk.length;
        if (size > maxBytes) {
          finish();
          return controller.error(new FetchLimitError('size', `The answer of ${new URL(url).host} is larger than ${megabytes(maxBytes)}`, url));
        }
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      } catch (error) {
        finish();
        controller.error(abort.controller.signal.aborted ? abortReason(abort.controller.signal) : error);
      }
    },
    cancel() {
      finish();
    },
  });
}

/** An AbortController that follows the caller's signal until unlinked (so a finished request holds no listener). */
function linkedAbort(outer: AbortSignal | undefined | null): { controller: AbortController; unlink(): void } {
  const controller = new AbortController();
  if (!outer) return { controller, unlink: () => undefined };
  if (outer.aborted) controller.abort(outer.reason);
  const follow = () => controller.abort(outer.reason);
  outer.addEventListener('abort', follow, { once: true });
  return { controller, unlink: () => outer.removeEventListener('abort', follow) };
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException(typeof reason === 'string' ? reason : 'The operation was aborted', 'AbortError');
}

function headersOf(response: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
    try {
      headers.append(response.rawHeaders[i]!, response.rawHeaders[i + 1]!);
    } catch {
      // A header value Headers refuses (invalid characters) is dropped rather than failing the fetch.
    }
  }
  return headers;
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

function accepts(patterns: readonly string[], type: string): boolean {
  return patterns.some((pattern) => pattern === '*/*' || pattern === type || (pattern.endsWith('/*') && type.startsWith(pattern.slice(0, -1))) || (pattern.startsWith('*+') && type.endsWith(pattern.slice(1))));
}

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);
const megabytes = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`);
