import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/** socket.io across instances: every event published through Redis reaches every instance's sockets. */
export class RedisIoAdapter extends IoAdapter {
  private readonly logger = new Logger('RedisIoAdapter');
  private readonly pub: Redis;
  private readonly sub: Redis;
  /** The server and its in-process adapter, put back before the Redis clients close (see dispose). */
  private restoreLocal?: () => void;

  constructor(app: INestApplicationContext, redisUrl: string) {
    super(app);
    const options = { maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(times * 200, 2_000) };
    this.pub = new Redis(redisUrl, options);
    this.sub = this.pub.duplicate();
    for (const client of [this.pub, this.sub]) client.on('error', (error: Error) => this.logger.debug(`Redis adapter: ${error.message}`));
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
    // quit, not disconnect, while connected: the adapter's pending (p)subscribe calls must
    // settle, not reject. A client that never connected (Redis down) would wait forever on quit.
    await Promise.allSettled([this.pub, this.sub].map((client) => (client.status === 'ready' ? client.quit() : client.disconnect())));
  }
}
