import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public } from '../../common/auth.decorators';
import { OpenAiErrorFilter } from '../openai-compat/openai-error.filter';
import { PersonalTokenGuard } from '../openai-compat/personal-token.guard';
import { CombinationRunsService } from './combination-runs.service';
import { RunSavedWorkflowDto, WorkflowRunDto, WorkflowRunIdQueryDto } from './dto/run.dto';

/**
 * Saved workflows for scripts and other services: `/v1`, authenticated like the OpenAI-compatible
 * API with a personal access token (the dashboard's session tokens are refused here, as personal
 * tokens are on `/api`), and answering errors in its shape (`{ error: { message, type, code,
 * param } }`, as every `/v1` route; ids go in the body or the query, not the path, whose
 * decoding errors are answered before any route). Same checks, same runs, same history as the
 * dashboard's.
 */
@ApiTags('combinations')
@ApiBearerAuth()
@Public()
@UseGuards(PersonalTokenGuard)
@UseFilters(OpenAiErrorFilter)
@Controller('v1')
export class WorkflowTokenController {
  constructor(private readonly runs: CombinationRunsService) {}

  @Post('workflows/runs')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Run one of my saved workflows with a personal access token; answers the queued run' })
  runSavedWorkflow(@CurrentUser() user: AuthUser, @Body() dto: RunSavedWorkflowDto): Promise<WorkflowRunDto> {
    return this.runs.execute(user, { workflowId: dto.workflowId, ...(dto.inputs ? { inputs: dto.inputs } : {}) });
  }

  @Get('workflows/runs')
  @ApiOperation({ summary: 'A run of mine, with every step, read with a personal access token' })
  getWorkflowRunWithToken(@CurrentUser() user: AuthUser, @Query() query: WorkflowRunIdQueryDto): Promise<WorkflowRunDto> {
    return this.runs.get(user, query.id);
  }
}
