import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common/auth.decorators';
import { RequestLanguage, type UiLanguage } from '../../common/request-language';
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
  @ApiHeader({ name: 'Accept-Language', required: false, description: 'The language of the built-in agents’ names, descriptions and starters (en, fr; default en)' })
  listAgents(@CurrentUser() user: AuthUser, @RequestLanguage() language: UiLanguage): Promise<AgentDto[]> {
    return this.agents.list(user, language);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An agent with its context and starters' })
  @ApiHeader({ name: 'Accept-Language', required: false, description: 'The language of the built-in agents’ names, descriptions and starters (en, fr; default en)' })
  getAgent(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @RequestLanguage() language: UiLanguage): Promise<AgentDto> {
    return this.agents.get(user, id, language);
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
