import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiModule } from '../../ai/ai.module';
import { JobsService } from '../../queue/jobs.service';
import { RealtimeModule } from '../../realtime/realtime.module';
import { AgentsModule } from '../agents/agents.module';
import { GenerationModule } from '../generation/generation.module';
import { MediaModule } from '../media/media.module';
import { PersonalTokenGuard } from '../openai-compat/personal-token.guard';
import { ProfileModule } from '../profile/profile.module';
import { ToolRegistry } from '../tools/tool-registry';
import { ToolsModule } from '../tools/tools.module';
import { CombinationRunsService } from './combination-runs.service';
import { CombinationStepsRepository } from './combination-steps.repository';
import { CombinationsController } from './combinations.controller';
import { CombinationsService } from './combinations.service';
import { RunWorkflowTool } from './run-workflow.tool';
import { StepExecutors } from './engine/step-executors';
import { WorkflowRunner } from './engine/workflow-runner';
import { WorkflowChecks } from './workflow-checks.service';
import { WorkflowTokenController } from './workflow-token.controller';
import { Workflow } from './workflow.entity';
import { WorkflowRun } from './workflow-run.entity';
import { WorkflowRunStep } from './workflow-run-step.entity';

/** AI combinations: workflows of model, agent, media, http and transform steps, run as queued jobs; and the `run_workflow` tool. */
@Module({
  imports: [TypeOrmModule.forFeature([Workflow, WorkflowRun, WorkflowRunStep]), AiModule, AgentsModule, GenerationModule, ToolsModule, MediaModule, RealtimeModule, ProfileModule],
  controllers: [CombinationsController, WorkflowTokenController],
  providers: [CombinationsService, CombinationRunsService, CombinationStepsRepository, WorkflowChecks, WorkflowRunner, StepExecutors, RunWorkflowTool, PersonalTokenGuard],
  exports: [CombinationRunsService],
})
export class CombinationsModule implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly runner: WorkflowRunner,
    private readonly tools: ToolRegistry,
    private readonly runWorkflow: RunWorkflowTool,
  ) {}

  onModuleInit(): void {
    this.jobs.register('combinations.run', (job) => this.runner.run(job));
    this.tools.register(this.runWorkflow, { order: 70 });
  }
}
