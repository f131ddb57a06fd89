import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '../../../common/auth.decorators';
import { AdminModelDto, AdminModelsDto, SetDefaultChatModelDto, SetModelAccessDto } from './admin-models.dto';
import { AdminModelsService } from './admin-models.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/models')
export class AdminModelsController {
  constructor(private readonly models: AdminModelsService) {}

  @Get()
  @ApiOperation({ summary: 'The chat models of the catalogue, each enabled or not for the workspace and per role, and the workspace default chat model' })
  listAdminModels(): Promise<AdminModelsDto> {
    return this.models.list();
  }

  @Put('access')
  @ApiOperation({ summary: 'Turn a chat model on or off for the workspace or for roles (applies to every user’s next call)' })
  @ApiConflictResponse({ description: 'MODEL_IS_DEFAULT: the workspace default cannot be turned off for everyone' })
  setModelAccess(@CurrentActor() actor: Actor, @Body() dto: SetModelAccessDto): Promise<AdminModelDto> {
    return this.models.setAccess(actor, dto);
  }

  @Put('default')
  @ApiOperation({ summary: 'Set the workspace default chat model (an enabled chat model; null removes it). A user’s own default wins over it' })
  setDefaultChatModel(@CurrentActor() actor: Actor, @Body() dto: SetDefaultChatModelDto): Promise<AdminModelsDto> {
    return this.models.setDefault(actor, dto);
  }
}
