import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '../../../common/auth.decorators';
import { ParseIdPipe } from '../../../common/parse-id.pipe';
import { AdminEndpointDto, CreateEndpointDto, UpdateEndpointDto } from './admin-endpoints.dto';
import { AdminEndpointsService } from './admin-endpoints.service';

const uuid = new ParseIdPipe();
const CHECK_FAILURES = 'ENDPOINT_UNREACHABLE, ENDPOINT_KEY_REJECTED (the check of its model list failed; skipCheck saves anyway), ENDPOINT_URL_BLOCKED (link-local or cloud metadata address)';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/endpoints')
export class AdminEndpointsController {
  constructor(private readonly endpoints: AdminEndpointsService) {}

  @Get()
  @ApiOperation({ summary: 'The OpenAI-compatible endpoints added for everyone, with their models (never their keys)' })
  listAdminEndpoints(): Promise<AdminEndpointDto[]> {
    return this.endpoints.list();
  }

  @Post()
  @ApiOperation({ summary: 'Add an OpenAI-compatible endpoint (may be on the local network); its models join every user’s catalogue as endpoint/<slug>/<model>' })
  @ApiBadRequestResponse({ description: CHECK_FAILURES })
  @ApiConflictResponse({ description: 'ENDPOINT_SLUG_TAKEN' })
  createAdminEndpoint(@CurrentActor() actor: Actor, @Body() dto: CreateEndpointDto): Promise<AdminEndpointDto> {
    return this.endpoints.create(actor, dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an endpoint: name, base URL, key (null removes it) or models; checked again unless skipCheck' })
  @ApiBadRequestResponse({ description: CHECK_FAILURES })
  updateAdminEndpoint(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() dto: UpdateEndpointDto): Promise<AdminEndpointDto> {
    return this.endpoints.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove an endpoint: its models leave the catalogue (conversations keep their messages; a later turn with one answers UNKNOWN_MODEL)' })
  deleteAdminEndpoint(@CurrentActor() actor: Actor, @Param('id', uuid) id: string): Promise<void> {
    return this.endpoints.remove(actor, id);
  }
}
