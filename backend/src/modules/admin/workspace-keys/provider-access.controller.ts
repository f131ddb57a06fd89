import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '../../../common/auth.decorators';
import { ProviderAccessDto, ProviderParamDto, UpdateProviderAccessDto } from './provider-access.dto';
import { ProviderAccessService } from './provider-access.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/providers')
export class ProviderAccessController {
  constructor(private readonly access: ProviderAccessService) {}

  @Get()
  @ApiOperation({ summary: 'Per provider: whether users may bring their own key and use the workspace key, and how many workspace keys are stored' })
  listProviderAccess(): Promise<ProviderAccessDto[]> {
    return this.access.list();
  }

  @Put(':provider')
  @ApiOperation({ summary: "Turn users' own keys or the workspace key on or off for a provider (applies to every user's next call)" })
  setProviderAccess(@CurrentActor() actor: Actor, @Param() { provider }: ProviderParamDto, @Body() dto: UpdateProviderAccessDto): Promise<ProviderAccessDto> {
    return this.access.update(actor, provider, dto);
  }
}
