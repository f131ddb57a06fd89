import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common/auth.decorators';
import { ToolCatalogDto } from './dto/tool-catalog.dto';
import { ToolsService } from './tools.service';

@ApiTags('tools')
@ApiBearerAuth()
@Controller('tools')
export class ToolsController {
  constructor(private readonly tools: ToolsService) {}

  @Get()
  @ApiOperation({ summary: 'The tools an agent can use: the built-in ones and those of my MCP servers and the shared ones' })
  getToolCatalog(@CurrentUser() user: AuthUser): Promise<ToolCatalogDto> {
    return this.tools.catalog(user);
  }
}
