import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';

/**
 * One fixed window per key: the first hit starts it, a hit past the limit blocks the key for the
 * block duration and starts the count again afterwards. Atomic, so instances never race.
 * Returns [hits, ms left in the window, blocked (0/1), ms left in the block].
 */
const INCREMENT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  return { tonumber(redis.call('GET', KEYS[1]) or '0'), math.max(redis.call('PTTL', KEYS[1]), 0), 1, blocked }
end
local hits = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) and tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return { hits, left, 1, tonumber(ARGV[3]) }
end
return { hits, left, 0, 0 }
`;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Rate-limit counts: in Redis when REDIS_URL is set, so that every instance behind a load
 * balancer counts the same attempts (per-process counts would multiply the limit by the number of
 * instances), in memory otherwise (one process, nothing to share) and while Redis is unreachable.
 */
@Injectable()
export class SharedThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger('Throttler');
  private readonly memory = new ThrottlerStorageService();
  private readonly redis?: Redis;
  private readonly prefix: string;

  constructor(config: AppConfig) {
    this.prefix = `${config.queuePrefix}:throttle:`;
    if (config.redisUrl) {
      this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (times) => Math.min(times * 200, 2_000) });
      this.redis.on('error', (error: Error) => this.logger.debug(`Redis: ${error.message}`));
    }
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    // Redis down (health says so): each process counts on its own rather than refusing every login.
    if (this.redis?.status !== 'ready') return this.memory.increment(key, ttl, limit, blockDuration, throttlerName);
    const base = `${this.prefix}${throttlerName}:${key}`;
    try {
      const [totalHits, left, blocked, blockLeft] = (await this.redis.eval(INCREMENT, 2, `${base}:hits`, `${base}:block`, ttl, limit, blockDuration)) as [number, number, number, number];
      return { totalHits, timeToExpire: seconds(left), isBlocked: blocked === 1, timeToBlockExpire: blocked === 1 ? seconds(blockLeft) : 0 };
    } catch (error) {
      this.logger.warn(`Rate-limit counts fall back to this process: ${(error as Error).message}`);
      return this.memory.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.memory.onApplicationShutdown();
    // quit while connected (pending commands settle); a client that never connected would wait forever on quit.
    if (this.redis?.status === 'ready') await this.redis.quit().catch(() => this.redis?.disconnect());
    else this.redis?.disconnect();
  }
}
