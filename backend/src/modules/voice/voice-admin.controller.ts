import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth.decorators';
import { TwilioConnectionDto, TwilioCredentialsDto } from './dto/voice.dto';
import { TwilioConnectionsService } from './twilio-connections.service';

/** The workspace's Twilio account (admins): used by every user who has not connected their own. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/voice/twilio')
export class VoiceAdminController {
  constructor(private readonly connections: TwilioConnectionsService) {}

  @Get()
  @ApiOperation({ summary: "The workspace's Twilio account: connected?, Account SID masked" })
  getWorkspaceTwilio(): Promise<TwilioConnectionDto> {
    return this.connections.workspaceStatus();
  }

  @Put()
  @ApiOperation({ summary: "Connect the workspace's Twilio account (checked with Twilio, stored encrypted, never returned)" })
  connectWorkspaceTwilio(@Body() dto: TwilioCredentialsDto): Promise<TwilioConnectionDto> {
    return this.connections.connect(null, dto);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: "Forget the workspace's Twilio account" })
  disconnectWorkspaceTwilio(): Promise<void> {
    return this.connections.disconnect(null);
  }
}
