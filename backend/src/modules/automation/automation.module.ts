import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from '../auth/user.entity';
import { CombinationsModule } from '../combinations/combinations.module';
import { Workflow } from '../combinations/workflow.entity';
import { AutomationDeliveryWorker } from './automation-delivery.worker';
import { AutomationHooksService } from './automation-hooks.service';
import { AutomationTriggersService } from './automation-triggers.service';
import { AutomationController } from './automation.controller';
import { AutomationHook, AutomationTrigger, DeliveryAttempt, HookCall, TriggerDelivery } from './automation.entities';

/** Automation: signed webhooks out of Webox on domain events (triggers), and URLs into it that run saved workflows (hooks). */
@Module({
  imports: [TypeOrmModule.forFeature([AutomationTrigger, TriggerDelivery, DeliveryAttempt, AutomationHook, HookCall, Workflow, User]), CombinationsModule],
  controllers: [AutomationController],
  providers: [AutomationTriggersService, AutomationHooksService, AutomationDeliveryWorker],
})
export class AutomationModule {}
