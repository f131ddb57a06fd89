import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';

/** How long a publish may take before the change is reported as not heard by other instances. */
const PUBLISH_TIMEOUT_MS = 1_000;

interface Entry<V> {
  value: V;
  tags: readonly string[];
  expiresAt: number;
}

/**
 * What the hot path reads on every request (who a token belongs to, which key pays for a call),
 * kept in process. Entries carry tags (`session:<id>`, `keys:<userId>`, ...); a change anywhere
 * drops every entry with one of its tags, here at once and on every other instance through
 * Redis. A cache that might have missed a change is not used: while this instance cannot hear
 * other instances (Redis configured but its subscription down), every `get` misses and the
 * caller reads the database, and everything cached is forgotten when the subscription is back.
 */
export class SharedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly hub: CacheHub,
    readonly name: string,
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** Take one before reading the source: a `set` whose read overlapped a change is dropped. */
  ticket(): number {
    return this.hub.epoch;
  }

  get(key: string): V | undefined {
    if (!this.hub.live) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= Date.now()) return undefined;
    this.entries.set(key, entry); // most recently used last: the first key is the one to evict
    return entry.value;
  }

  set(key: string, value: V, tags: readonly string[], ticket: number): void {
    if (!this.hub.live || ticket !== this.hub.epoch) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, tags, expiresAt: Date.now() + this.ttlMs });
  }

  get size(): number {
    return this.entries.size;
  }

  /** @internal the hub's: drops the entries carrying any of the tags. */
  drop(tags: ReadonlySet<string>): void {
    for (const [key, entry] of this.entries) if (entry.tags.some((tag) => tags.has(tag))) this.entries.delete(key);
  }

  /** @internal the hub's. */
  clear(): void {
    this.entries.clear();
  }
}

/**
 * The caches of this process and the channel that keeps them honest across instances
 * (`<WEBOX_QUEUE_PREFIX>:cache-invalidate` on Redis when REDIS_URL is set). One process alone
 * needs no channel: its caches are always usable.
 */
@Injectable()
export class CacheHub implements OnModuleDestroy {
  private readonly logger = new Logger('CacheHub');
  private readonly caches = new Set<SharedCache<unknown>>();
  private readonly listeners: Array<{ tag: string; listener: () => void }> = [];
  private readonly instance = randomUUID();
  private readonly channel: string;
  private readonly publisher?: Redis;
  private readonly subscriber?: Redis;
  /** Moves on every change heard; see SharedCache.ticket. */
  epoch = 0;
  /** False while a change made elsewhere could go unheard. */
  live: boolean;

  constructor(config: AppConfig) {
    this.channel = `${config.queuePrefix}:cache-invalidate`;
    this.live = !config.redisUrl;
    if (!config.redisUrl) return;
    const retryStrategy = (times: number) => Math.min(times * 200, 2_000);
    this.publisher = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy });
    this.publisher.on('error', (error: Error) => this.logger.debug(`Redis publisher: ${error.message}`));
    this.subscriber = new Redis(config.redisUrl, { maxRetriesPerRequest: null, retryStrategy });
    this.subscriber.on('error', (error: Error) => this.logger.debug(`Redis subscriber: ${error.message}`));
    // ioredis subscribes again by itself after a reconnect; live only once the subscription holds.
    this.subscriber.on('ready', () => void this.listen());
    for (const event of ['close', 'reconnecting', 'end']) this.subscriber.on(event, () => this.deafen());
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const { from, tags } = JSON.parse(message) as { from: string; tags: string[] };
      if (from !== this.instance) this.drop(tags);
    });
  }

  /**
   * Calls `listener` whenever a change to `tag` is heard, here or from another instance, and
   * whenever this instance may have missed changes (its subscription came back): for state kept
   * in memory that must be rebuilt rather than dropped (the endpoints' models in the catalogue).
   */
  onChange(tag: string, listener: () => void): void {
    this.listeners.push({ tag, listener });
  }

  cache<V>(name: string, options: { ttlMs: number; maxEntries: number }): SharedCache<V> {
    const cache = new SharedCache<V>(this, name, options.ttlMs, options.maxEntries);
    this.caches.add(cache as SharedCache<unknown>);
    return cache;
  }

  /**
   * Something changed: every entry with one of these tags goes, here before this returns and on
   * the other instances within the time a Redis message takes. Call it after the change is
   * committed. Never throws: when Redis cannot carry it, the other instances are not listening
   * either (their caches are off) or learn it within their entries' time to live, and it is logged.
   */
  async invalidate(tags: readonly string[]): Promise<void> {
    if (!tags.length) return;
    this.drop(tags);
    if (!this.publisher) return;
    const message = JSON.stringify({ from: this.instance, tags });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), PUBLISH_TIMEOUT_MS)));
    try {
      await Promise.race([this.publisher.publish(this.channel, message), timeout]);
    } catch (error) {
      this.logger.warn(`A change (${tags.length} tag(s)) could not be told to other instances: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  onModuleDestroy(): void {
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
  }

  private drop(tags: readonly string[]): void {
    this.epoch++;
    const set = new Set(tags);
    for (const cache of this.caches) cache.drop(set);
    for (const { tag, listener } of this.listeners) if (set.has(tag)) listener();
  }

  private async listen(): Promise<void> {
    try {
      await this.subscriber!.subscribe(this.channel);
    } catch {
      return; // the connection went again: 'close' has deafened us
    }
    // Whatever was cached before may have missed a change while we were not listening.
    this.clearAll();
    this.live = true;
  }

  private deafen(): void {
    this.live = false;
    this.clearAll();
  }

  private clearAll(): void {
    this.epoch++;
    for (const cache of this.caches) cache.clear();
    for (const { listener } of this.listeners) listener();
  }
}
