import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../../common/auth.decorators';
import { PipedreamConnectDto, PipedreamStatusDto, PipedreamWorkflowDto, PipedreamWorkflowInputDto } from '../dto/pipedream.dto';
import { PipedreamService } from './pipedream.service';

/** Pipedream (issue 30 items 1-2): the user's connection, and the workflows (deployed triggers) of their project. */
@ApiTags('automation')
@ApiBearerAuth()
@Controller('automation')
export class PipedreamController {
  constructor(private readonly pipedream: PipedreamService) {}

  @Get('status')
  @ApiOperation({ summary: 'My Pipedream connection: project, environment, when checked (never the secret)' })
  pipedreamStatus(@CurrentUser() user: AuthUser): Promise<PipedreamStatusDto> {
    return this.pipedream.status(user);
  }

  @Post('connect')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Connect Pipedream: the OAuth client and project are checked against Pipedream, then stored encrypted' })
  connectPipedream(@CurrentUser() user: AuthUser, @Body() dto: PipedreamConnectDto): Promise<PipedreamStatusDto> {
    return this.pipedream.connect(user, dto);
  }

  @Delete('connect')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Disconnect Pipedream (the stored credentials are deleted)' })
  disconnectPipedream(@CurrentUser() user: AuthUser): Promise<void> {
    return this.pipedream.disconnect(user);
  }

  @Get('workflows')
  @ApiOperation({ summary: "My Pipedream project's deployed triggers, with their HTTP trigger URLs" })
  listPipedreamWorkflows(@CurrentUser() user: AuthUser): Promise<PipedreamWorkflowDto[]> {
    return this.pipedream.listWorkflows(user);
  }

  @Post('workflows')
  @ApiOperation({ summary: 'Deploy an HTTP trigger on Pipedream (a URL Webox and others can POST to); build the workflow on it in Pipedream' })
  createPipedreamWorkflow(@CurrentUser() user: AuthUser, @Body() dto: PipedreamWorkflowInputDto): Promise<PipedreamWorkflowDto> {
    return this.pipedream.createWorkflow(user, dto);
  }
}
