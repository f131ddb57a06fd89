import { Module, OnModuleInit } from '@nestjs/common';
import { AuthModule } from '../modules/auth/auth.module';
import { SessionEvents } from '../common/session-events';
import { JobsService } from '../queue/jobs.service';
import { RealtimeGateway } from './realtime.gateway';

@Module({
  imports: [AuthModule],
  providers: [RealtimeGateway],
  exports: [RealtimeGateway],
})
export class RealtimeModule implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly gateway: RealtimeGateway,
    private readonly sessions: SessionEvents,
  ) {}

  /** Job progress reaches its owner's sockets, whichever process ran the job; a session that ends loses its sockets. */
  onModuleInit(): void {
    this.sessions.onEnded((ids) => this.gateway.disconnectSessions(ids));
    this.jobs.onJobChange(({ ownerId, ...job }) => {
      if (ownerId) this.gateway.emitToUser(ownerId, 'job.progress', job);
    });
  }
}
