import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiModule } from '../../ai/ai.module';
import { MediaModule } from '../media/media.module';
import { ActivityEvent } from './activity-event.entity';
import { ActivityService } from './activity.service';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

/** The dashboard home (audit page 1): the user's figures, usage per day, and the activity feed built from the event bus. */
@Module({
  imports: [TypeOrmModule.forFeature([ActivityEvent]), AiModule, MediaModule],
  controllers: [DashboardController],
  providers: [DashboardService, ActivityService],
  exports: [DashboardService],
})
export class DashboardModule {}
