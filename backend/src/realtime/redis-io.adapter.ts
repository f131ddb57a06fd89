import { INestApplicationContext, Logger } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import { Server, type ServerOptions } from 'socket.io';
import { LeanIoAdapter } from './lean-io.adapter';

/** socket.io across instances: every event published through Redis reaches every instance's sockets. */
export class RedisIoAdapter extends LeanIoAdapter {
  private readonly logger = new Logger('RedisIoAdapter');
  private readonly pub: Redis;
  private readonly sub: Redis;
  /** The server and its in-process adapter, put back before the Redis clients close (see dispose). */
  private restoreLocal?: () => void;

  constructor(app: INestApplicationContext, redisUrl: string) {
    super(app);
    [this.pub, this.sub] = redisPair(redisUrl, this.logger);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    const local = server.adapter();
    server.adapter(createAdapter(this.pub, this.sub));
    this.restoreLocal = () => server.adapter(local!);
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    // An event emitted after this point (a job finishing during shutdown, another instance's job
    // change heard through Bull) would make the Redis adapter publish on a closed client, whose
    // rejection nothing can catch; from here this instance broadcasts to its own sockets only.
    this.restoreLocal?.();
    await quitAll([this.pub, this.sub]);
  }
}

/**
 * What a worker-only process (`WEBOX_ROLE=worker`) emits to users' sockets: it serves none, yet its
 * jobs speak to the page (a combination's steps, their streamed text). A socket.io server attached to
 * no HTTP server, with the same Redis adapter: each emit is published to the API instances, which
 * deliver it to the sockets in the room.
 */
export class RedisBroadcaster {
  readonly server: Server;
  private readonly logger = new Logger('RedisBroadcaster');
  private readonly pub: Redis;
  private readonly sub: Redis;

  constructor(redisUrl: string) {
    [this.pub, this.sub] = redisPair(redisUrl, this.logger);
    this.server = new Server();
    this.server.adapter(createAdapter(this.pub, this.sub));
  }

  async close(): Promise<void> {
    // Not server.close(): it closes an engine this server never had. The adapter's unsubscribe
    // would wait for a Redis that is away: only while connected.
    if (this.sub.status === 'ready') await this.server.of('/').adapter.close();
    await quitAll([this.pub, this.sub]);
  }
}

function redisPair(redisUrl: string, logger: Logger): [Redis, Redis] {
  const pub = new Redis(redisUrl, { maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(times * 200, 2_000) });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on('error', (error: Error) => logger.debug(`Redis adapter: ${error.message}`));
  return [pub, sub];
}

/** quit, not disconnect, while connected: the adapter's pending (p)subscribe calls must settle, not reject. A client that never connected (Redis down) would wait forever on quit. */
async function quitAll(clients: Redis[]): Promise<void> {
  await Promise.allSettled(clients.map((client) => (client.status === 'ready' ? client.quit() : client.disconnect())));
}
