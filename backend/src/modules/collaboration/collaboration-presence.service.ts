import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { RealtimeGateway } from '../../realtime/realtime.gateway';
import { CollaborationAccess } from './collaboration-access.service';
import type { PresenceStatus } from './collaboration.entities';

/** One connected device as the store keeps it. */
type DeviceState = 'active' | 'away';

/** A socket served by this process. */
interface LocalDevice {
  userId: string;
  lastActiveAt: number;
  /** The client said it is idle (its tab hidden, no input for a while). */
  clientAway: boolean;
  state: DeviceState;
}

/**
 * Who is online (any device connected and active), away (connected, every device idle or said so) or
 * offline (no socket). Each device is a field of a per-user hash, `state:expiresAt:instanceId`, in
 * Redis when REDIS_URL is set (every instance reads every device; each instance refreshes its own
 * sockets' expiry, a third of the TTL at a time), in this process's memory otherwise. A change is
 * sent as `collaboration.presence` to the user and to the people they collaborate with (members of
 * their projects, direct-message partners).
 *
 * An instance that dies without closing its sockets: every instance scores itself in one sorted set
 * (`<prefix>:presence-instances`, score = its clock) every fifth of WEBOX_PRESENCE_INSTANCE_TIMEOUT_MS,
 * and keeps the set of users it wrote devices for (`<prefix>:presence-users:<instanceId>`). Reads
 * fetch the live instances in the same pipeline as the hashes and ignore the devices of one not seen
 * within the timeout. On its beat, an instance that finds a stale one claims it (`ZREM`: one
 * instance wins), deletes that instance's devices from its users' hashes and announces those users'
 * presence: offline for the others within the timeout plus one beat, not the TTL. An instance that
 * was only slow (claimed while alive) finds itself missing from the set at its next beat and writes
 * its devices back. The TTL stays as the last resort (a deployment whose every instance died).
 */
@Injectable()
export class CollaborationPresenceService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Presence');
  private readonly local = new Map<string, LocalDevice>();
  private readonly memory = new Map<string, Map<string, string>>();
  private readonly redis?: Redis;
  private readonly prefix: string;
  private timer?: NodeJS.Timeout;
  private beating = false;
  /** This process in the instances' sorted set; the third part of its devices' values. */
  readonly instanceId = randomUUID();
  private instanceTimer?: NodeJS.Timeout;
  private instanceBeating = false;
  private listed = false;

  constructor(
    private readonly config: AppConfig,
    private readonly access: CollaborationAccess,
    private readonly realtime: RealtimeGateway,
  ) {
    this.prefix = `${config.queuePrefix}:presence:`;
    if (config.redisUrl) {
      this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, retryStrategy: (times) => Math.min(times * 200, 2_000) });
      this.redis.on('error', (error: Error) => this.logger.debug(`Redis: ${error.message}`));
    }
  }

  async onModuleInit(): Promise<void> {
    this.timer = setInterval(() => void this.heartbeat(), Math.max(500, Math.floor(this.config.presenceTtlMs / 3)));
    this.timer.unref();
    if (!this.redis) return;
    // Listed before the first socket can connect: a device of an instance not in the set reads as dead.
    await this.instanceBeat();
    this.instanceTimer = setInterval(() => void this.instanceBeat(), Math.max(200, Math.floor(this.config.presenceInstanceTimeoutMs / 5)));
    this.instanceTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.instanceTimer);
    const devices = [...this.local.entries()];
    this.local.clear();
    if (!this.redis) {
      await Promise.allSettled(devices.map(([socketId, device]) => this.remove(device.userId, socketId)));
      return;
    }
    // Stopping is dying announced: scored at 0, this instance is stale at once; its devices stop
    // counting for every reader now, and the next beat of a surviving instance claims it, removes
    // them and tells these users' contacts (removing them here would leave nobody to announce).
    if (this.redis.status === 'ready') await this.redis.zadd(this.instancesKey, 0, this.instanceId).catch(() => undefined);
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis?.disconnect());
    else this.redis.disconnect();
  }

  async connected(userId: string, socketId: string): Promise<void> {
    const device: LocalDevice = { userId, lastActiveAt: Date.now(), clientAway: false, state: 'active' };
    this.local.set(socketId, device);
    await this.changing(userId, () => this.write(userId, socketId, device.state));
  }

  async disconnected(userId: string, socketId: string): Promise<void> {
    if (!this.local.delete(socketId)) return;
    await this.changing(userId, () => this.remove(userId, socketId));
  }

  /** The client says whether its user is active or idle on this device. */
  async report(socketId: string, state: DeviceState): Promise<void> {
    const device = this.local.get(socketId);
    if (!device) return;
    device.clientAway = state === 'away';
    if (state === 'active') device.lastActiveAt = Date.now();
    await this.refresh(socketId, device);
  }

  /** Something the user did on this device (sending, typing): it is active. */
  async touch(socketId: string): Promise<void> {
    const device = this.local.get(socketId);
    if (!device) return;
    device.lastActiveAt = Date.now();
    device.clientAway = false;
    await this.refresh(socketId, device);
  }

  /** The presence of these users, from the devices of every live instance. */
  async statusOf(userIds: string[]): Promise<Map<string, PresenceStatus>> {
    const unique = [...new Set(userIds)];
    const now = Date.now();
    const { devices, live } = await this.read(unique, now);
    return new Map(unique.map((userId, index) => [userId, summarise(devices[index]!, now, live)]));
  }

  /** Me and the people I collaborate with, each with their presence. */
  async list(userId: string): Promise<Array<{ userId: string; status: PresenceStatus }>> {
    const ids = [userId, ...(await this.access.contactIds(userId))];
    const statuses = await this.statusOf(ids);
    return ids.map((id) => ({ userId: id, status: statuses.get(id)! }));
  }

  private async refresh(socketId: string, device: LocalDevice): Promise<void> {
    const state = this.stateOf(device, Date.now());
    const changed = state !== device.state;
    device.state = state;
    if (changed) await this.changing(device.userId, () => this.write(device.userId, socketId, state));
    else await this.write(device.userId, socketId, state);
  }

  private stateOf(device: LocalDevice, now: number): DeviceState {
    return device.clientAway || now - device.lastActiveAt >= this.config.presenceAwayMs ? 'away' : 'active';
  }

  /**
   * Renews this process's devices in the store (the unchanged ones in one Redis round trip, not one
   * per socket), and marks idle ones away.
   */
  private async heartbeat(): Promise<void> {
    // One at a time: under load (or with many sockets) a beat can outlast the interval.
    if (this.beating) return;
    this.beating = true;
    try {
      const now = Date.now();
      const steady: Array<[string, LocalDevice]> = [];
      for (const [socketId, device] of [...this.local.entries()]) {
        if (this.stateOf(device, now) === device.state) steady.push([socketId, device]);
        else await this.refresh(socketId, device);
      }
      await this.renew(steady);
    } catch (error) {
      this.logger.warn(`Presence heartbeat failed: ${(error as Error).message}`);
    } finally {
      this.beating = false;
    }
  }

  /**
   * Applies a change to one of the user's devices, and tells the user and their contacts when the
   * user's presence changed: a second device connecting to someone already online, or one of two
   * leaving, changes nothing they see, and costs no contact lookup and no broadcast. Two changes of
   * one user at the same moment may both announce the same status (harmless: it is the same).
   */
  private async changing(userId: string, change: () => Promise<void>): Promise<void> {
    const before = (await this.statusOf([userId])).get(userId);
    await change();
    await this.announce(userId, before);
  }

  private async announce(userId: string, before?: PresenceStatus): Promise<void> {
    try {
      const status = (await this.statusOf([userId])).get(userId)!;
      if (status === before) return;
      this.realtime.emitToUsers([userId, ...(await this.access.contactIds(userId))], 'collaboration.presence', { userId, status });
    } catch (error) {
      this.logger.warn(`Presence of ${userId} not announced: ${(error as Error).message}`);
    }
  }

  private async write(userId: string, socketId: string, state: DeviceState): Promise<void> {
    const value = `${state}:${Date.now() + this.config.presenceTtlMs}:${this.instanceId}`;
    if (!this.redis) {
      const devices = this.memory.get(userId) ?? new Map<string, string>();
      devices.set(socketId, value);
      this.memory.set(userId, devices);
      return;
    }
    try {
      // The user joins this instance's list: whoever claims it, should it die, knows whose hashes to clean.
      await this.redis.multi().hset(this.key(userId), socketId, value).pexpire(this.key(userId), this.config.presenceTtlMs).sadd(this.usersKey(this.instanceId), userId).exec();
    } catch (error) {
      this.logger.warn(`Presence not stored: ${(error as Error).message}`);
    }
  }

  /** Renews devices whose state is unchanged: their expiry moves on. */
  private async renew(devices: Array<[string, LocalDevice]>): Promise<void> {
    if (!this.redis) {
      for (const [socketId, device] of devices) await this.write(device.userId, socketId, device.state);
      return;
    }
    if (!devices.length) return;
    const expiresAt = Date.now() + this.config.presenceTtlMs;
    const pipeline = this.redis.pipeline();
    for (const [socketId, device] of devices) pipeline.hset(this.key(device.userId), socketId, `${device.state}:${expiresAt}:${this.instanceId}`).pexpire(this.key(device.userId), this.config.presenceTtlMs);
    try {
      await pipeline.exec();
    } catch (error) {
      this.logger.warn(`Presence not renewed: ${(error as Error).message}`);
    }
  }

  private async remove(userId: string, socketId: string): Promise<void> {
    if (!this.redis) {
      const devices = this.memory.get(userId);
      devices?.delete(socketId);
      if (devices && !devices.size) this.memory.delete(userId);
      return;
    }
    if (this.redis.status !== 'ready') return;
    await this.redis.hdel(this.key(userId), socketId).catch((error: Error) => this.logger.warn(`Presence not removed: ${error.message}`));
  }

  /** The users' device values, and (with Redis) the instances alive at `now`, read in one round trip. */
  private async read(userIds: string[], now: number): Promise<{ devices: string[][]; live?: Set<string> }> {
    if (!this.redis) return { devices: userIds.map((userId) => [...(this.memory.get(userId)?.values() ?? [])]) };
    if (!userIds.length) return { devices: [] };
    try {
      const pipeline = this.redis.pipeline().zrangebyscore(this.instancesKey, now - this.config.presenceInstanceTimeoutMs, '+inf');
      for (const userId of userIds) pipeline.hvals(this.key(userId));
      const [[, instances], ...results] = (await pipeline.exec()) ?? [];
      // This instance is alive: it is the one reading, however late its own beat.
      const live = new Set([...((instances as string[] | undefined) ?? []), this.instanceId]);
      return { devices: results.map(([error, values]) => (error ? [] : (values as string[]))), live };
    } catch (error) {
      this.logger.warn(`Presence not read: ${(error as Error).message}`);
      return { devices: userIds.map(() => []) };
    }
  }

  /**
   * This instance's liveness beat, and the claim of the instances that stopped beating. One at a time
   * (a claim of a large instance can outlast the interval).
   */
  private async instanceBeat(): Promise<void> {
    if (!this.redis || this.instanceBeating) return;
    this.instanceBeating = true;
    try {
      const now = Date.now();
      const [[, added], [, stale]] = ((await this.redis
        .pipeline()
        .zadd(this.instancesKey, now, this.instanceId)
        .zrangebyscore(this.instancesKey, '-inf', `(${now - this.config.presenceInstanceTimeoutMs}`)
        .exec()) ?? []) as Array<[Error | null, unknown]> as [[Error | null, number], [Error | null, string[]]];
      // Added again after the first beat: another instance took this one for dead and removed its devices.
      if (added === 1 && this.listed) await this.restore();
      this.listed = true;
      for (const instanceId of stale ?? []) if (instanceId !== this.instanceId) await this.claim(instanceId);
    } catch (error) {
      this.logger.warn(`Presence instance beat failed: ${(error as Error).message}`);
    } finally {
      this.instanceBeating = false;
    }
  }

  /** Removes a dead instance's devices and announces its users, if this instance wins the claim. */
  private async claim(deadId: string): Promise<void> {
    const redis = this.redis!;
    if ((await redis.zrem(this.instancesKey, deadId)) !== 1) return; // another instance claimed it
    const usersKey = this.usersKey(deadId);
    const userIds = await redis.smembers(usersKey);
    const affected: string[] = [];
    if (userIds.length) {
      const hashes = (await userIds.reduce((pipeline, userId) => pipeline.hgetall(this.key(userId)), redis.pipeline()).exec()) ?? [];
      const removal = redis.pipeline();
      userIds.forEach((userId, index) => {
        const [error, fields] = hashes[index] ?? [null, {}];
        const dead = error ? [] : Object.entries(fields as Record<string, string>).filter(([, value]) => value.split(':')[2] === deadId).map(([socketId]) => socketId);
        if (!dead.length) return;
        removal.hdel(this.key(userId), ...dead);
        affected.push(userId);
      });
      if (affected.length) await removal.exec();
    }
    await redis.del(usersKey);
    if (affected.length) this.logger.log(`instance ${deadId} stopped beating: the devices of ${affected.length} users removed`);
    // Their presence as read without the dead devices; sent whether or not it changed (the others last heard it with them).
    for (const userId of affected) await this.announce(userId);
  }

  /** After a wrongful claim: this instance's devices back in the store, and their users' presence announced again. */
  private async restore(): Promise<void> {
    const devices = [...this.local.entries()];
    this.logger.warn(`this instance was taken for dead; writing back ${devices.length} devices`);
    const expiresAt = Date.now() + this.config.presenceTtlMs;
    const pipeline = this.redis!.pipeline();
    for (const [socketId, device] of devices) {
      pipeline.hset(this.key(device.userId), socketId, `${device.state}:${expiresAt}:${this.instanceId}`).pexpire(this.key(device.userId), this.config.presenceTtlMs).sadd(this.usersKey(this.instanceId), device.userId);
    }
    if (devices.length) await pipeline.exec();
    for (const userId of new Set(devices.map(([, device]) => device.userId))) await this.announce(userId);
  }

  private key(userId: string): string {
    return `${this.prefix}${userId}`;
  }

  private get instancesKey(): string {
    return `${this.config.queuePrefix}:presence-instances`;
  }

  private usersKey(instanceId: string): string {
    return `${this.config.queuePrefix}:presence-users:${instanceId}`;
  }
}

/**
 * online when a live device is active, away when every live device is idle, offline with none. A
 * device is live until its expiry, and (when `live` is given) while the instance that wrote it is
 * in `live`; a value without an instance (written before instances were tracked) counts by expiry.
 */
export function summarise(devices: string[], now: number, live?: ReadonlySet<string>): PresenceStatus {
  const current = devices.map((value) => value.split(':')).filter(([, expiresAt, instanceId]) => Number(expiresAt) > now && (!live || !instanceId || live.has(instanceId)));
  if (!current.length) return 'offline';
  return current.some(([state]) => state === 'active') ? 'online' : 'away';
}
