import { Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AuthModule } from '../modules/auth/auth.module';
import { SessionEvents } from '../common/session-events';
import { JobsService } from '../queue/jobs.service';
import { RealtimeGateway } from './realtime.gateway';
import { RedisBroadcaster } from './redis-io.adapter';

@Module({
  imports: [AuthModule],
  providers: [RealtimeGateway],
  exports: [RealtimeGateway],
})
export class RealtimeModule implements OnModuleInit, OnApplicationShutdown {
  private broadcaster?: RedisBroadcaster;

  constructor(
    private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly gateway: RealtimeGateway,
    private readonly sessions: SessionEvents,
  ) {}

  /** Job progress reaches its owner's sockets, whichever process ran the job; a session that ends loses its sockets. */
  onModuleInit(): void {
    // A worker-only process serves no sockets; what its jobs emit reaches the API instances' sockets through Redis.
    if (!this.config.runsApi && this.config.redisUrl) {
      this.broadcaster = new RedisBroadcaster(this.config.redisUrl);
      this.gateway.useBroadcaster(this.broadcaster.server);
    }
    this.sessions.onEnded((ids) => this.gateway.disconnectSessions(ids));
    this.jobs.onJobChange(({ ownerId, ...job }) => {
      if (ownerId) this.gateway.emitToUser(ownerId, 'job.progress', job);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    // Emits from here on stay in this process (an emit on a closed Redis client would reject where nothing catches it).
    this.gateway.useBroadcaster(undefined);
    await this.broadcaster?.close();
  }
}
