import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common/auth.decorators';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { CombinationRunsService } from './combination-runs.service';
import { CombinationsService } from './combinations.service';
import { ExecuteWorkflowDto, RerunDto, WorkflowRunDto, WorkflowRunPageDto, WorkflowRunQueryDto } from './dto/run.dto';
import { CombinationTemplateDto, ImportWorkflowDto, SaveWorkflowDto, WorkflowBodyDto, WorkflowDto, WorkflowExportDto, WorkflowPageDto, WorkflowQueryDto } from './dto/workflow.dto';

const uuid = new ParseIdPipe();

@ApiTags('combinations')
@ApiBearerAuth()
@Controller('combinations')
export class CombinationsController {
  constructor(
    private readonly workflows: CombinationsService,
    private readonly runs: CombinationRunsService,
  ) {}

  @Post('execute')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Run a saved workflow (workflowId) or one sent inline (workflow) with its inputs; answers the queued run' })
  executeCombination(@CurrentUser() user: AuthUser, @Body() dto: ExecuteWorkflowDto): Promise<WorkflowRunDto> {
    return this.runs.execute(user, dto);
  }

  @Post('save')
  @ApiOperation({ summary: 'Save a workflow: a new one, or with id a change to one of mine' })
  saveCombination(@CurrentUser() user: AuthUser, @Body() dto: SaveWorkflowDto): Promise<WorkflowDto> {
    return this.workflows.save(user, dto);
  }

  @Get('templates')
  @ApiOperation({ summary: 'Ready-made workflows to start from' })
  listCombinationTemplates(): CombinationTemplateDto[] {
    return this.workflows.templates();
  }

  @Get('workflows')
  @ApiOperation({ summary: 'My saved workflows, most recently changed first' })
  listWorkflows(@CurrentUser() user: AuthUser, @Query() query: WorkflowQueryDto): Promise<WorkflowPageDto> {
    return this.workflows.list(user, query);
  }

  @Post('workflows')
  @ApiOperation({ summary: 'Create a workflow' })
  createWorkflow(@CurrentUser() user: AuthUser, @Body() dto: WorkflowBodyDto): Promise<WorkflowDto> {
    return this.workflows.create(user, dto);
  }

  @Post('workflows/import')
  @ApiOperation({ summary: 'Import a workflow from an exported JSON file (checked like a saved one)' })
  importWorkflow(@CurrentUser() user: AuthUser, @Body() dto: ImportWorkflowDto): Promise<WorkflowDto> {
    return this.workflows.create(user, dto.workflow);
  }

  @Get('workflows/:id')
  @ApiOperation({ summary: 'One of my workflows' })
  getWorkflow(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<WorkflowDto> {
    return this.workflows.get(user, id);
  }

  @Put('workflows/:id')
  @ApiOperation({ summary: 'Change one of my workflows' })
  updateWorkflow(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: WorkflowBodyDto): Promise<WorkflowDto> {
    return this.workflows.update(user, id, dto);
  }

  @Delete('workflows/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete one of my workflows (its runs stay in the history)' })
  deleteWorkflow(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.workflows.delete(user, id);
  }

  @Post('workflows/:id/duplicate')
  @ApiOperation({ summary: 'Copy one of my workflows' })
  duplicateWorkflow(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<WorkflowDto> {
    return this.workflows.duplicate(user, id);
  }

  @Get('workflows/:id/export')
  @ApiOperation({ summary: 'One of my workflows as a JSON file to import elsewhere' })
  exportWorkflow(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<WorkflowExportDto> {
    return this.workflows.export(user, id);
  }

  @Get('runs')
  @ApiOperation({ summary: 'My workflow runs, newest first; filter by workflow and status' })
  listWorkflowRuns(@CurrentUser() user: AuthUser, @Query() query: WorkflowRunQueryDto): Promise<WorkflowRunPageDto> {
    return this.runs.list(user, query);
  }

  @Get('runs/:id')
  @ApiOperation({ summary: 'A run with every step: rendered input, output, model, duration, tokens, cost, error' })
  getWorkflowRun(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<WorkflowRunDto> {
    return this.runs.get(user, id);
  }

  @Post('runs/:id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Stop a queued or running run (the running step\'s upstream request is aborted)' })
  cancelWorkflowRun(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<WorkflowRunDto> {
    return this.runs.cancel(user, id);
  }

  @Post('runs/:id/rerun')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Run again from a step, reusing the outputs of the steps before it; answers the new run' })
  rerunWorkflowRun(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: RerunDto): Promise<WorkflowRunDto> {
    return this.runs.rerun(user, id, dto.fromStepId);
  }
}
