import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common/auth.decorators';
import { AgentsService } from './agents.service';
import { AgentDto, AgentInputDto } from './dto/agent.dto';

const uuid = new ParseIdPipe();

@ApiTags('agents')
@ApiBearerAuth()
@Controller('agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  @ApiOperation({ summary: 'The built-in agents and mine' })
  listAgents(@CurrentUser() user: AuthUser): Promise<AgentDto[]> {
    return this.agents.list(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An agent with its context and starters' })
  getAgent(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<AgentDto> {
    return this.agents.get(user, id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a custom agent' })
  createAgent(@CurrentUser() user: AuthUser, @Body() dto: AgentInputDto): Promise<AgentDto> {
    return this.agents.create(user, dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change one of my agents (built-in agents cannot be changed)' })
  updateAgent(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: AgentInputDto): Promise<AgentDto> {
    return this.agents.update(user, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete one of my agents' })
  deleteAgent(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.agents.delete(user, id);
  }

  @Post(':id/duplicate')
  @ApiOperation({ summary: 'Copy an agent (built-in or mine) into a new agent of mine' })
  duplicateAgent(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<AgentDto> {
    return this.agents.duplicate(user, id);
  }
}
