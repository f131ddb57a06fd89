import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from '../auth/user.entity';
import { CombinationsModule } from '../combinations/combinations.module';
import { Workflow } from '../combinations/workflow.entity';
import { ToolRegistry } from '../tools/tool-registry';
import { ToolsModule } from '../tools/tools.module';
import { AutomationDeliveryWorker } from './automation-delivery.worker';
import { AutomationHooksService } from './automation-hooks.service';
import { AutomationTriggersService } from './automation-triggers.service';
import { AutomationController } from './automation.controller';
import { AutomationHook, AutomationTrigger, DeliveryAttempt, HookCall, TriggerDelivery } from './automation.entities';
import { PipedreamConnection } from './pipedream/pipedream-connection.entity';
import { PipedreamController } from './pipedream/pipedream.controller';
import { PipedreamService } from './pipedream/pipedream.service';
import { RunPipedreamWorkflowTool } from './pipedream/run-pipedream-workflow.tool';

/**
 * Automation: signed webhooks out of Webox on domain events (triggers), URLs into it that run saved
 * workflows (hooks), and Pipedream (a connection, its workflows, and the `run_pipedream_workflow` tool,
 * which combinations' `pipedream` step runs through the tool registry).
 */
@Module({
  imports: [TypeOrmModule.forFeature([AutomationTrigger, TriggerDelivery, DeliveryAttempt, AutomationHook, HookCall, Workflow, User, PipedreamConnection]), CombinationsModule, ToolsModule],
  controllers: [AutomationController, PipedreamController],
  providers: [AutomationTriggersService, AutomationHooksService, AutomationDeliveryWorker, PipedreamService, RunPipedreamWorkflowTool],
})
export class AutomationModule implements OnModuleInit {
  constructor(
    private readonly tools: ToolRegistry,
    private readonly runPipedreamWorkflow: RunPipedreamWorkflowTool,
  ) {}

  onModuleInit(): void {
    this.tools.register(this.runPipedreamWorkflow, { order: 90 });
  }
}
