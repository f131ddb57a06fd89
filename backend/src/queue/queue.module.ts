import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { BullQueueDriver } from './drivers/bull-queue.driver';
import { InProcessQueueDriver } from './drivers/in-process-queue.driver';
import { Job } from './job.entity';
import { JobsService } from './jobs.service';
import { QueueDriver } from './queue-driver';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Job])],
  providers: [
    {
      provide: QueueDriver,
      inject: [AppConfig],
      useFactory: (config: AppConfig): QueueDriver => (config.redisUrl ? new BullQueueDriver(config.redisUrl, config.queuePrefix, config.queueLockMs) : new InProcessQueueDriver()),
    },
    JobsService,
  ],
  exports: [JobsService, QueueDriver],
})
export class QueueModule {}
