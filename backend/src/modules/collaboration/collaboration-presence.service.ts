import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
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
 * offline (no socket). Each device is a field of a per-user hash, `state:expiresAt`, in Redis when
 * REDIS_URL is set (every instance reads every device; each instance refreshes its own sockets'
 * expiry, a third of the TTL at a time, so the devices of an instance that died fade out after the
 * TTL), in this process's memory otherwise. A change is sent as `collaboration.presence` to the user
 * and to the people they collaborate with (members of their projects, direct-message partners).
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

  onModuleInit(): void {
    this.timer = setInterval(() => void this.heartbeat(), Math.max(500, Math.floor(this.config.presenceTtlMs / 3)));
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    // This process's devices leave the store now rather than after the TTL.
    const devices = [...this.local.entries()];
    this.local.clear();
    await Promise.allSettled(devices.map(([socketId, device]) => this.remove(device.userId, socketId)));
    if (this.redis?.status === 'ready') await this.redis.quit().catch(() => this.redis?.disconnect());
    else this.redis?.disconnect();
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

  /** The presence of these users, from every instance's devices. */
  async statusOf(userIds: string[]): Promise<Map<string, PresenceStatus>> {
    const unique = [...new Set(userIds)];
    const now = Date.now();
    const devices = await this.read(unique);
    return new Map(unique.map((userId, index) => [userId, summarise(devices[index]!, now)]));
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
    const value = `${state}:${Date.now() + this.config.presenceTtlMs}`;
    if (!this.redis) {
      const devices = this.memory.get(userId) ?? new Map<string, string>();
      devices.set(socketId, value);
      this.memory.set(userId, devices);
      return;
    }
    try {
      await this.redis.multi().hset(this.key(userId), socketId, value).pexpire(this.key(userId), this.config.presenceTtlMs).exec();
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
    for (const [socketId, device] of devices) pipeline.hset(this.key(device.userId), socketId, `${device.state}:${expiresAt}`).pexpire(this.key(device.userId), this.config.presenceTtlMs);
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

  private async read(userIds: string[]): Promise<string[][]> {
    if (!this.redis) return userIds.map((userId) => [...(this.memory.get(userId)?.values() ?? [])]);
    if (!userIds.length) return [];
    try {
      const pipeline = this.redis.pipeline();
      for (const userId of userIds) pipeline.hvals(this.key(userId));
      const results = (await pipeline.exec()) ?? [];
      return results.map(([error, values]) => (error ? [] : (values as string[])));
    } catch (error) {
      this.logger.warn(`Presence not read: ${(error as Error).message}`);
      return userIds.map(() => []);
    }
  }

  private key(userId: string): string {
    return `${this.prefix}${userId}`;
  }
}

/** online when a live device is active, away when every live device is idle, offline with none. */
export function summarise(devices: string[], now: number): PresenceStatus {
  const live = devices.map((value) => value.split(':')).filter(([, expiresAt]) => Number(expiresAt) > now);
  if (!live.length) return 'offline';
  return live.some(([state]) => state === 'active') ? 'online' : 'away';
}
