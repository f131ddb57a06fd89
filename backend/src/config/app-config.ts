import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';

/** Who may create an account: anyone; anyone, but an admin approves; only with an invitation; nobody. */
export const REGISTRATION_POLICIES = ['open', 'approval', 'invite', 'closed'] as const;
export type RegistrationPolicy = (typeof REGISTRATION_POLICIES)[number];

export type ProcessRole = 'api' | 'worker' | 'all';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

type Env = Record<string, string | undefined>;

export type ConfiguredProvider = 'openai' | 'anthropic' | 'google' | 'openai-compatible' | 'replicate' | 'elevenlabs';

/** Caps on what a provider answers (see AppConfig.providerLimits). */
export interface ProviderLimits {
  /** Bytes of one generated file (image, audio, video) or of any one answer of a user-aimed endpoint. */
  maxMediaBytes: number;
  /** Characters of one streamed chat reply. */
  maxReplyChars: number;
}

/** S3-compatible object storage for media (AWS S3, MinIO, R2, ...): what lets several instances share files. */
export interface S3Settings {
  bucket: string;
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible servers need. */
  forcePathStyle: boolean;
}

export interface MediaSettings {
  /** Largest single upload, in bytes. */
  maxFileBytes: number;
  /** Bytes of media each user may keep (uploads and generated files together). */
  quotaBytes: number;
  /** Unset: files on local disk under `<dataDir>/media`. */
  s3: S3Settings | undefined;
}

/** Model Context Protocol servers (agents' external tools). */
export interface McpSettings {
  /** Connecting to a server and listing its tools, each bounded by this (a tool call by the turn's own limit). */
  timeoutMs: number;
  /** stdio servers run a program on the Webox host: only admins add them, and only when this is on. */
  stdio: boolean;
}

/** A vendor's key and base URL from the environment: the last resort after user and workspace keys. */
export interface ProviderEnvironment {
  apiKey?: string;
  baseUrl?: string;
}

/**
 * The whole configuration of Webox, read and validated once at boot.
 * This is the only place that reads process.env (see DESIGN.md section 2).
 */
export class AppConfig {
  readonly env: 'production' | 'development' | 'test';
  readonly role: ProcessRole;
  readonly host: string;
  readonly port: number;
  readonly version: string;
  readonly logLevel: LogLevel;
  /** `pretty`: one readable line per entry (a person at a terminal); `json`: one JSON object per line (log collectors). */
  readonly logFormat: 'pretty' | 'json';
  /** Where the embedded database, the generated secret and local media live. */
  readonly dataDir: string;
  /** The built Angular app served on every path that is not /api or /socket.io. */
  readonly frontendDir: string;
  /** Unset: an embedded PGlite database under dataDir. */
  readonly databaseUrl: string | undefined;
  /** Unset: jobs run in-process and socket.io runs single-instance. */
  readonly redisUrl: string | undefined;
  /** Bull key prefix, so several deployments (or test files) can share one Redis. */
  readonly queuePrefix: string;
  /** How long a worker holds a job before another may take it over if the first one died. */
  readonly queueLockMs: number;
  /** Jobs of one user queued or running at once; the user's others wait their turn in the database, so one user's flood cannot starve everyone else's jobs. */
  readonly jobsPerUser: number;
  /** Jobs one worker process runs at once (every kind: combination runs, generations, imports); its other queued jobs wait in the queue. */
  readonly jobConcurrency: number;
  /** Automation triggers: the first retry's delay (doubling after each failure, capped at an hour) and how long a delivery is retried. */
  readonly automationRetryBaseMs: number;
  readonly automationRetryWindowMs: number;
  /** How often a worker looks for deliveries whose retry is due (new ones start at once in the process that saw the event). */
  readonly automationPollMs: number;
  /** Calls of one hook allowed per second (issue 30: 100); more answer 429. */
  readonly automationHookRatePerSecond: number;
  /** Collaboration messages one user may send per flood window (REST and socket together); more answer 429. */
  readonly collabFloodLimit: number;
  /** The flood window, in ms. */
  readonly collabFloodWindowMs: number;
  /** A connected device with no activity for this long shows its user as away. */
  readonly presenceAwayMs: number;
  /** How long a device's presence lives in the store without a heartbeat (a crashed instance's sockets fade after it). */
  readonly presenceTtlMs: number;
  /** An instance whose liveness beat (every fifth of this) is older than this is dead: its devices stop counting and a survivor removes them and announces. */
  readonly presenceInstanceTimeoutMs: number;
  /** 32 bytes; signs tokens and encrypts secrets at rest. Never logged. */
  readonly secretKey: Buffer;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** The only address that may claim the first admin account (with the setup token); any address when unset. */
  readonly adminEmail: string | undefined;
  /** The sign-up policy from WEBOX_REGISTRATION; an admin's setting wins once set; unset: open until an admin exists, then approval. */
  readonly registration: RegistrationPolicy | undefined;
  /** WEBOX_SETUP_TOKEN: the one-time token that claims the first admin account; unset, one is generated and logged at start. */
  readonly setupToken: string | undefined;
  readonly bodyLimit: string;
  /** Login and register attempts allowed per minute, per client address and per account (e-mail). */
  readonly authRateLimitPerMinute: number;
  /**
   * Express's `trust proxy`: which reverse proxies may name the client in `X-Forwarded-For`.
   * `false` (unset): none, the client is the TCP peer; a number: that many hops in front of Webox;
   * a list: the proxies' addresses and CIDR ranges (or `loopback`, `linklocal`, `uniquelocal`).
   */
  readonly trustProxy: false | number | readonly string[];
  readonly shutdownTimeoutMs: number;
  /** Vendor keys and base URLs (base URLs point the official SDKs at proxies or at the test emulator). */
  readonly providers: Record<ConfiguredProvider, ProviderEnvironment>;
  /** Pause between two words of the offline `local` provider, so its answers stream visibly. */
  readonly localTokenDelayMs: number;
  /** `host` or `host:port` entries that server-side fetches of user-given URLs may reach although private (tests, intranets). */
  readonly fetchAllowlist: readonly string[];
  /** Verify a user's provider key with one real call to the vendor when it is saved (off: keys are stored `unchecked`). */
  readonly verifyProviderKeys: boolean;
  /** How long one tool call of an agent may run before it is stopped. */
  readonly toolTimeoutMs: number;
  /** Tool calls of one model answer that run; more are refused (a reply can ask for thousands). */
  readonly toolCallsPerRound: number;
  /** How long a workflow's `http` step may wait for its whole answer before the step fails. */
  readonly combinationHttpTimeoutMs: number;
  /** Pipedream's REST API root (`PIPEDREAM_API_BASE_URL`, default https://api.pipedream.com): the SDK's `baseUrl`, the emulator in tests. */
  readonly pipedreamApiBaseUrl: string;
  /** The domain a Pipedream workflow URL must end with (`PIPEDREAM_WORKFLOW_DOMAIN`, default m.pipedream.net, the SDK's rule). */
  readonly pipedreamWorkflowDomain: string;
  /** What one provider answer may weigh: past it the call fails (`PROVIDER_RESPONSE_TOO_LARGE`) instead of memory growing. */
  readonly providerLimits: ProviderLimits;
  readonly media: MediaSettings;
  /** Files attached to a chat message: what one image may weigh, how much of a document's text the models get. */
  readonly chatAttachments: { imageMaxBytes: number; documentMaxChars: number };
  /** Models of the OpenAI-compatible endpoint that take images (its operator says so): they get the pictures attached in the chat. */
  readonly openAICompatibleVisionModels: readonly string[];
  readonly mcp: McpSettings;
  /** Time limits of ffprobe and ffmpeg (an ffmpeg command that writes media gets 5 s more per second it writes). */
  readonly ffmpeg: { probeTimeoutMs: number; renderTimeoutMs: number };
  /** The URL Twilio (and other callers from outside) reach Webox at, without a trailing slash: webhooks are signed against it. */
  readonly publicUrl: string | undefined;
  /**
   * Voice (phone assistants): Twilio's REST API base (`https://api.twilio.com` by default; a proxy or
   * the test emulator otherwise), how long a caller's turn may wait for the model, and how long a
   * `<Play>` audio link stays valid.
   */
  readonly voice: { twilioApiBaseUrl: string | undefined; modelTimeoutMs: number; audioLinkTtlSeconds: number; streamSilenceMs: number };
  /**
   * Repeated security events of one source (forged webhooks from one address) are written once when
   * the first arrives, then as one line with their count at the end of this window (seconds), so a
   * flood of them is not a flood of audit writes.
   */
  readonly auditCoalesceSeconds: number;

  constructor(env: Env = process.env) {
    const errors: string[] = [];
    this.env = oneOf(env['NODE_ENV'] ?? 'development', ['production', 'development', 'test'], 'NODE_ENV', errors);
    this.role = oneOf(env['WEBOX_ROLE'] ?? 'all', ['api', 'worker', 'all'], 'WEBOX_ROLE', errors);
    this.host = env['HOST'] ?? '0.0.0.0';
    this.port = integer(env['PORT'], 3000, 'PORT', errors, 0, 65535);
    this.version = env['WEBOX_VERSION'] ?? readPackageVersion();
    this.logLevel = oneOf(env['LOG_LEVEL'] ?? (this.env === 'test' ? 'warn' : 'info'), ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'LOG_LEVEL', errors);
    this.logFormat = oneOf(env['LOG_FORMAT'] ?? (process.stdout.isTTY ? 'pretty' : 'json'), ['pretty', 'json'], 'LOG_FORMAT', errors);
    this.dataDir = absolute(env['WEBOX_DATA_DIR'] ?? 'data');
    this.frontendDir = absolute(env['WEBOX_FRONTEND_DIR'] ?? join('dist', 'frontend', 'browser'));
    this.databaseUrl = url(env['DATABASE_URL'], ['postgres:', 'postgresql:'], 'DATABASE_URL', errors);
    this.redisUrl = url(env['REDIS_URL'], ['redis:', 'rediss:'], 'REDIS_URL', errors);
    this.queuePrefix = env['WEBOX_QUEUE_PREFIX'] ?? 'webox';
    this.queueLockMs = integer(env['WEBOX_QUEUE_LOCK_MS'], 30_000, 'WEBOX_QUEUE_LOCK_MS', errors, 1_000, 600_000);
    this.jobsPerUser = integer(env['WEBOX_JOBS_PER_USER'], 2, 'WEBOX_JOBS_PER_USER', errors, 1, 1_000);
    this.jobConcurrency = integer(env['WEBOX_JOB_CONCURRENCY'], 2, 'WEBOX_JOB_CONCURRENCY', errors, 1, 100);
    this.automationRetryBaseMs = integer(env['WEBOX_AUTOMATION_RETRY_BASE_MS'], 5_000, 'WEBOX_AUTOMATION_RETRY_BASE_MS', errors, 10, 3_600_000);
    this.automationRetryWindowMs = integer(env['WEBOX_AUTOMATION_RETRY_WINDOW_MS'], 24 * 3600_000, 'WEBOX_AUTOMATION_RETRY_WINDOW_MS', errors, 1_000, 7 * 24 * 3600_000);
    this.automationHookRatePerSecond = integer(env['WEBOX_AUTOMATION_HOOK_RATE_LIMIT'], 100, 'WEBOX_AUTOMATION_HOOK_RATE_LIMIT', errors, 1, 100_000);
    this.collabFloodLimit = integer(env['WEBOX_COLLAB_FLOOD_LIMIT'], 20, 'WEBOX_COLLAB_FLOOD_LIMIT', errors, 1, 10_000);
    this.collabFloodWindowMs = integer(env['WEBOX_COLLAB_FLOOD_WINDOW_MS'], 10_000, 'WEBOX_COLLAB_FLOOD_WINDOW_MS', errors, 100, 3_600_000);
    this.presenceAwayMs = integer(env['WEBOX_PRESENCE_AWAY_MS'], 5 * 60_000, 'WEBOX_PRESENCE_AWAY_MS', errors, 1_000, 24 * 3600_000);
    this.presenceTtlMs = integer(env['WEBOX_PRESENCE_TTL_MS'], 60_000, 'WEBOX_PRESENCE_TTL_MS', errors, 1_500, 3600_000);
    this.presenceInstanceTimeoutMs = integer(env['WEBOX_PRESENCE_INSTANCE_TIMEOUT_MS'], 5_000, 'WEBOX_PRESENCE_INSTANCE_TIMEOUT_MS', errors, 1_000, 600_000);
    this.automationPollMs = integer(env['WEBOX_AUTOMATION_POLL_MS'], 1_000, 'WEBOX_AUTOMATION_POLL_MS', errors, 20, 60_000);
    if (this.role !== 'all' && !this.redisUrl) {
      errors.push(`WEBOX_ROLE=${this.role} needs REDIS_URL: API and worker processes share jobs and events through Redis`);
    }
    this.accessTokenTtlSeconds = integer(env['WEBOX_ACCESS_TOKEN_TTL'], 900, 'WEBOX_ACCESS_TOKEN_TTL', errors, 1);
    this.refreshTokenTtlSeconds = integer(env['WEBOX_REFRESH_TOKEN_TTL'], 30 * 24 * 3600, 'WEBOX_REFRESH_TOKEN_TTL', errors, 60);
    this.adminEmail = env['WEBOX_ADMIN_EMAIL']?.trim().toLowerCase() || undefined;
    this.registration = env['WEBOX_REGISTRATION'] ? oneOf(env['WEBOX_REGISTRATION'], REGISTRATION_POLICIES, 'WEBOX_REGISTRATION', errors) : undefined;
    this.setupToken = env['WEBOX_SETUP_TOKEN'] || undefined;
    if (this.setupToken !== undefined && this.setupToken.length < 16) errors.push('WEBOX_SETUP_TOKEN must be at least 16 characters');
    this.bodyLimit = env['WEBOX_BODY_LIMIT'] ?? '1mb';
    this.authRateLimitPerMinute = integer(env['WEBOX_AUTH_RATE_LIMIT'], 10, 'WEBOX_AUTH_RATE_LIMIT', errors, 1);
    this.trustProxy = trustProxy(env['WEBOX_TRUST_PROXY'], errors);
    this.shutdownTimeoutMs = integer(env['WEBOX_SHUTDOWN_TIMEOUT_MS'], 10_000, 'WEBOX_SHUTDOWN_TIMEOUT_MS', errors, 0);
    this.providers = {
      openai: providerEnvironment(env, 'OPENAI_API_KEY', 'OPENAI_BASE_URL', errors),
      anthropic: providerEnvironment(env, 'ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL', errors),
      google: providerEnvironment(env, env['GOOGLE_API_KEY'] ? 'GOOGLE_API_KEY' : 'GEMINI_API_KEY', 'GOOGLE_BASE_URL', errors),
      'openai-compatible': providerEnvironment(env, 'OPENAI_COMPATIBLE_API_KEY', 'OPENAI_COMPATIBLE_BASE_URL', errors),
      replicate: providerEnvironment(env, 'REPLICATE_API_TOKEN', 'REPLICATE_BASE_URL', errors),
      elevenlabs: providerEnvironment(env, 'ELEVENLABS_API_KEY', 'ELEVENLABS_BASE_URL', errors),
    };
    this.localTokenDelayMs = integer(env['WEBOX_LOCAL_TOKEN_DELAY_MS'], 20, 'WEBOX_LOCAL_TOKEN_DELAY_MS', errors, 0, 10_000);
    this.fetchAllowlist = hostList(env['WEBOX_FETCH_ALLOWLIST'], 'WEBOX_FETCH_ALLOWLIST', errors);
    this.verifyProviderKeys = oneOf(env['WEBOX_VERIFY_PROVIDER_KEYS'] ?? 'true', ['false', 'true'], 'WEBOX_VERIFY_PROVIDER_KEYS', errors) === 'true';
    this.toolTimeoutMs = integer(env['WEBOX_TOOL_TIMEOUT_MS'], 30_000, 'WEBOX_TOOL_TIMEOUT_MS', errors, 100, 600_000);
    this.toolCallsPerRound = integer(env['WEBOX_TOOL_CALLS_PER_ROUND'], 8, 'WEBOX_TOOL_CALLS_PER_ROUND', errors, 1, 100);
    this.combinationHttpTimeoutMs = integer(env['WEBOX_COMBINATION_HTTP_TIMEOUT_MS'], 15_000, 'WEBOX_COMBINATION_HTTP_TIMEOUT_MS', errors, 100, 300_000);
    this.pipedreamApiBaseUrl = url(env['PIPEDREAM_API_BASE_URL'], ['https:', 'http:'], 'PIPEDREAM_API_BASE_URL', errors) ?? 'https://api.pipedream.com';
    this.pipedreamWorkflowDomain = (env['PIPEDREAM_WORKFLOW_DOMAIN'] ?? 'm.pipedream.net').trim().toLowerCase();
    this.providerLimits = {
      maxMediaBytes: integer(env['WEBOX_PROVIDER_MAX_MEDIA_BYTES'], 50 * 1024 * 1024, 'WEBOX_PROVIDER_MAX_MEDIA_BYTES', errors, 1024),
      maxReplyChars: integer(env['WEBOX_PROVIDER_MAX_REPLY_CHARS'], 2_000_000, 'WEBOX_PROVIDER_MAX_REPLY_CHARS', errors, 100),
    };
    this.media = {
      maxFileBytes: integer(env['WEBOX_MEDIA_MAX_FILE_BYTES'], 100 * 1024 * 1024, 'WEBOX_MEDIA_MAX_FILE_BYTES', errors, 1),
      quotaBytes: integer(env['WEBOX_MEDIA_QUOTA_BYTES'], 10 * 1024 * 1024 * 1024, 'WEBOX_MEDIA_QUOTA_BYTES', errors, 0),
      s3: s3Settings(env, errors),
    };
    this.chatAttachments = {
      imageMaxBytes: integer(env['WEBOX_CHAT_IMAGE_MAX_BYTES'], 5 * 1024 * 1024, 'WEBOX_CHAT_IMAGE_MAX_BYTES', errors, 1024),
      documentMaxChars: integer(env['WEBOX_CHAT_DOCUMENT_MAX_CHARS'], 20_000, 'WEBOX_CHAT_DOCUMENT_MAX_CHARS', errors, 100, 1_000_000),
    };
    this.openAICompatibleVisionModels = (env['OPENAI_COMPATIBLE_VISION_MODELS'] ?? '').split(',').map((name) => name.trim()).filter(Boolean);
    this.mcp = {
      timeoutMs: integer(env['WEBOX_MCP_TIMEOUT_MS'], 5_000, 'WEBOX_MCP_TIMEOUT_MS', errors, 100, 120_000),
      stdio: oneOf(env['WEBOX_MCP_STDIO'] ?? 'false', ['false', 'true'], 'WEBOX_MCP_STDIO', errors) === 'true',
    };
    this.ffmpeg = {
      probeTimeoutMs: integer(env['WEBOX_FFPROBE_TIMEOUT_MS'], 15_000, 'WEBOX_FFPROBE_TIMEOUT_MS', errors, 100, 600_000),
      renderTimeoutMs: integer(env['WEBOX_FFMPEG_TIMEOUT_MS'], 60_000, 'WEBOX_FFMPEG_TIMEOUT_MS', errors, 100, 3_600_000),
    };
    this.publicUrl = url(env['WEBOX_PUBLIC_URL'], ['http:', 'https:'], 'WEBOX_PUBLIC_URL', errors)?.replace(/\/+$/, '');
    this.voice = {
      twilioApiBaseUrl: url(env['TWILIO_API_BASE_URL'], ['http:', 'https:'], 'TWILIO_API_BASE_URL', errors)?.replace(/\/+$/, ''),
      modelTimeoutMs: integer(env['WEBOX_VOICE_MODEL_TIMEOUT_MS'], 8_000, 'WEBOX_VOICE_MODEL_TIMEOUT_MS', errors, 100, 14_000),
      audioLinkTtlSeconds: integer(env['WEBOX_VOICE_AUDIO_TTL_SECONDS'], 300, 'WEBOX_VOICE_AUDIO_TTL_SECONDS', errors, 10, 86_400),
      // Stream mode: how long a pause ends the caller's utterance (speech, then this much silence).
      streamSilenceMs: integer(env['WEBOX_VOICE_STREAM_SILENCE_MS'], 600, 'WEBOX_VOICE_STREAM_SILENCE_MS', errors, 100, 5_000),
    };
    this.auditCoalesceSeconds = integer(env['WEBOX_AUDIT_COALESCE_SECONDS'], 60, 'WEBOX_AUDIT_COALESCE_SECONDS', errors, 1, 3_600);
    this.secretKey = this.loadSecretKey(env['WEBOX_SECRET_KEY'], errors);
    if (errors.length) {
      throw new Error(`Invalid configuration:\n  - ${errors.join('\n  - ')}`);
    }
  }

  get runsApi(): boolean {
    return this.role !== 'worker';
  }

  get runsWorker(): boolean {
    return this.role !== 'api';
  }

  /** A readable summary for the start-up log: no secret, no credentials in URLs. */
  describe(): Record<string, unknown> {
    return {
      env: this.env,
      role: this.role,
      port: this.port,
      dataDir: this.dataDir,
      database: this.databaseUrl ? redactUrl(this.databaseUrl) : 'embedded PGlite',
      redis: this.redisUrl ? redactUrl(this.redisUrl) : 'none (in-process queue)',
      media: this.media.s3 ? `s3://${this.media.s3.bucket}${this.media.s3.endpoint ? ` at ${redactUrl(this.media.s3.endpoint)}` : ''}` : join(this.dataDir, 'media'),
    };
  }

  private loadSecretKey(value: string | undefined, errors: string[]): Buffer {
    if (value) {
      const key = decodeKey(value);
      if (!key) errors.push('WEBOX_SECRET_KEY must be 32 bytes, as 64 hex characters or base64');
      return key ?? Buffer.alloc(32);
    }
    if (this.env === 'production' && this.databaseUrl) {
      // Several instances share one database: a key generated on one machine would not match the others.
      errors.push('WEBOX_SECRET_KEY is required in production with an external DATABASE_URL');
      return Buffer.alloc(32);
    }
    const file = join(this.dataDir, 'secret.key');
    if (existsSync(file)) {
      const key = decodeKey(readFileSync(file, 'utf8').trim());
      if (!key) errors.push(`${file} does not hold a valid 32-byte key`);
      return key ?? Buffer.alloc(32);
    }
    mkdirSync(this.dataDir, { recursive: true });
    const key = randomBytes(32);
    writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return key;
  }
}

function providerEnvironment(env: Env, keyName: string, urlName: string, errors: string[]): ProviderEnvironment {
  const apiKey = env[keyName]?.trim() || undefined;
  const baseUrl = url(env[urlName], ['http:', 'https:'], urlName, errors);
  return { ...(apiKey ? { apiKey } : {}), ...(baseUrl ? { baseUrl: baseUrl.replace(/\/+$/, '') } : {}) };
}

function s3Settings(env: Env, errors: string[]): S3Settings | undefined {
  const bucket = env['S3_BUCKET']?.trim();
  if (!bucket) return undefined;
  const endpoint = url(env['S3_ENDPOINT'], ['http:', 'https:'], 'S3_ENDPOINT', errors);
  const accessKeyId = env['S3_ACCESS_KEY_ID']?.trim() || undefined;
  const secretAccessKey = env['S3_SECRET_ACCESS_KEY']?.trim() || undefined;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) errors.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together');
  return {
    bucket,
    region: env['S3_REGION']?.trim() || 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    ...(accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : {}),
    // Custom endpoints are nearly always path-style servers; AWS itself is virtual-hosted.
    forcePathStyle: (env['S3_FORCE_PATH_STYLE'] ?? (endpoint ? 'true' : 'false')) === 'true',
  };
}

function decodeKey(value: string): Buffer | undefined {
  const trimmed = value.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  return key.length === 32 ? key : undefined;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string, errors: string[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  errors.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
  return allowed[0];
}

function integer(value: string | undefined, fallback: number, name: string, errors: string[], min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    errors.push(`${name} must be an integer between ${min} and ${max} (got "${value}")`);
    return fallback;
  }
  return parsed;
}

function url(value: string | undefined, protocols: string[], name: string, errors: string[]): string | undefined {
  if (!value) return undefined;
  try {
    const parsed = new URL(value);
    if (!protocols.includes(parsed.protocol)) errors.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  } catch {
    errors.push(`${name} is not a valid URL`);
  }
  return value;
}

/** Comma-separated `host`, `host:port`, `[ipv6]:port` entries, lower-cased. */
function hostList(value: string | undefined, name: string, errors: string[]): string[] {
  const entries = (value ?? '').split(',').map((entry) => entry.trim().toLowerCase()).filter(Boolean);
  const bad = entries.filter((entry) => !/^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(:\d{1,5})?$/.test(entry) && !/^[0-9a-f:.]+:[0-9a-f:.]*$/.test(entry));
  if (bad.length) errors.push(`${name} entries must be host or host:port (got "${bad.join('", "')}")`);
  return entries;
}

/** `WEBOX_TRUST_PROXY`: unset (trust no one), a hop count, or a comma list of addresses and CIDR ranges. */
function trustProxy(value: string | undefined, errors: string[]): false | number | string[] {
  const trimmed = value?.trim();
  if (!trimmed || trimmed === '0' || trimmed === 'false') return false;
  if (/^\d+$/.test(trimmed)) return integer(trimmed, 0, 'WEBOX_TRUST_PROXY', errors, 1, 100);
  const entries = trimmed.split(',').map((entry) => entry.trim()).filter(Boolean);
  const bad = entries.filter((entry) => !isProxyEntry(entry));
  if (bad.length) errors.push(`WEBOX_TRUST_PROXY must be a hop count or a comma list of addresses and CIDR ranges (got "${bad.join('", "')}")`);
  return entries;
}

function isProxyEntry(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  // proxy-addr also takes an IPv4 netmask (`10.0.0.0/255.0.0.0`).
  if (family === 4 && isIP(prefix) === 4) return true;
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

function redactUrl(value: string): string {
  const parsed = new URL(value);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function absolute(path: string): string {
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}

function readPackageVersion(): string {
  for (const candidate of [join(__dirname, '..', '..', '..', 'package.json'), join(process.cwd(), 'package.json')]) {
    if (existsSync(candidate)) return (JSON.parse(readFileSync(candidate, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}
