import { Body, Controller, Delete, Get, Headers, HttpCode, HttpStatus, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser, Public } from '../../common/auth.decorators';
import { PageQueryDto } from '../../common/pagination';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { AutomationHooksService } from './automation-hooks.service';
import { AutomationTriggersService } from './automation-triggers.service';
import {
  AutomationEventsDto,
  DeliveryDto,
  DeliveryPageDto,
  HookCallPageDto,
  HookCallQueryDto,
  HookDto,
  HookInputDto,
  HookPatchDto,
  HookRunDto,
  HookWithSecretDto,
  TriggerDto,
  TriggerInputDto,
  TriggerPatchDto,
  TriggerWithSecretDto,
} from './dto/automation.dto';

const uuid = new ParseIdPipe();

/** Automation (issue 30): triggers out of Webox (signed webhooks on domain events) and hooks into it (a URL that runs a saved workflow). */
@ApiTags('automation')
@ApiBearerAuth()
@Controller('automation')
export class AutomationController {
  constructor(
    private readonly triggers: AutomationTriggersService,
    private readonly hooks: AutomationHooksService,
  ) {}

  @Get('events')
  @ApiOperation({ summary: 'The domain events a trigger may subscribe to' })
  listAutomationEvents(): AutomationEventsDto {
    return { events: this.triggers.eventNames() };
  }

  @Get('triggers')
  @ApiOperation({ summary: 'My triggers (URLs subscribed to my events)' })
  listTriggers(@CurrentUser() user: AuthUser): Promise<TriggerDto[]> {
    return this.triggers.list(user);
  }

  @Post('triggers')
  @ApiOperation({ summary: 'Subscribe a URL to events; answers its signing secret, once' })
  createTrigger(@CurrentUser() user: AuthUser, @Body() dto: TriggerInputDto): Promise<TriggerWithSecretDto> {
    return this.triggers.create(user, dto);
  }

  @Get('triggers/:id')
  @ApiOperation({ summary: 'A trigger of mine' })
  getTrigger(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<TriggerDto> {
    return this.triggers.get(user, id);
  }

  @Patch('triggers/:id')
  @ApiOperation({ summary: 'Change a trigger: name, URL, events, enabled' })
  updateTrigger(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: TriggerPatchDto): Promise<TriggerDto> {
    return this.triggers.update(user, id, dto);
  }

  @Delete('triggers/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a trigger and its delivery log' })
  deleteTrigger(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.triggers.delete(user, id);
  }

  @Post('triggers/:id/rotate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A new signing secret, answered once; the old one stops at once' })
  rotateTriggerSecret(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<TriggerWithSecretDto> {
    return this.triggers.rotate(user, id);
  }

  @Post('triggers/:id/test')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Queue a test event (webox.test) for this trigger' })
  testTrigger(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<DeliveryDto> {
    return this.triggers.sendTest(user, id);
  }

  @Get('triggers/:id/deliveries')
  @ApiOperation({ summary: "A trigger's deliveries, newest first, each with its attempts" })
  listTriggerDeliveries(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: PageQueryDto): Promise<DeliveryPageDto> {
    return this.triggers.deliveriesOf(user, id, query);
  }

  @Post('deliveries/:id/redeliver')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send a delivery again (same body and webhook-id)' })
  redeliver(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<DeliveryDto> {
    return this.triggers.redeliver(user, id);
  }

  @Get('hooks')
  @ApiOperation({ summary: 'My hooks (URLs that run one of my saved workflows)' })
  listHooks(@CurrentUser() user: AuthUser): Promise<HookDto[]> {
    return this.hooks.list(user);
  }

  @Post('hooks')
  @ApiOperation({ summary: 'Create a hook for a saved workflow; answers its secret, once' })
  createHook(@CurrentUser() user: AuthUser, @Body() dto: HookInputDto): Promise<HookWithSecretDto> {
    return this.hooks.create(user, dto);
  }

  @Get('hooks/:id')
  @ApiOperation({ summary: 'A hook of mine' })
  getHook(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<HookDto> {
    return this.hooks.get(user, id);
  }

  @Patch('hooks/:id')
  @ApiOperation({ summary: "Rename a hook or change its workflow" })
  updateHook(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: HookPatchDto): Promise<HookDto> {
    return this.hooks.update(user, id, dto);
  }

  @Delete('hooks/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a hook and its call log' })
  deleteHook(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.hooks.delete(user, id);
  }

  @Post('hooks/:id/rotate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "A new hook secret, answered once; the old one answers 401 from now on" })
  rotateHookSecret(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<HookWithSecretDto> {
    return this.hooks.rotate(user, id);
  }

  @Post('hooks/:id/revoke')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Revoke a hook for good (its calls answer 401)' })
  revokeHook(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<HookDto> {
    return this.hooks.revoke(user, id);
  }

  @Get('hooks/:id/calls')
  @ApiOperation({ summary: "A hook's calls, newest first" })
  listHookCalls(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: PageQueryDto): Promise<HookCallPageDto> {
    return this.hooks.callsOf(user, id, query);
  }

  @Post('hooks/:id')
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: "Call a hook with its secret: runs its workflow with the JSON body as inputs; answers the run (wait=true: waits up to 60 s for its output)" })
  @ApiHeader({ name: 'X-Webox-Hook-Secret', required: false, description: 'The hook secret (or Authorization: Bearer <secret>)' })
  @ApiBody({ schema: { type: 'object', additionalProperties: true, description: "The workflow's inputs by name" } })
  async callHook(
    @Param('id', uuid) id: string,
    @Query() query: HookCallQueryDto,
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
    @Headers('x-webox-hook-secret') secretHeader: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<HookRunDto> {
    const secret = secretHeader?.trim() || (authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined) || undefined;
    const result = await this.hooks.call(id, secret, body, query.wait === 'true');
    if (result.finished) response.status(HttpStatus.OK);
    return result;
  }
}
