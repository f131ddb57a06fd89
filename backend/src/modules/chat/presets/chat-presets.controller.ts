import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../../common/auth.decorators';
import { PageQueryDto } from '../../../common/pagination';
import { ParseIdPipe } from '../../../common/parse-id.pipe';
import { ChatPresetDto, ChatPresetInputDto, ChatPresetPageDto } from '../dto/chat-preset.dto';
import { ChatPresetsService } from './chat-presets.service';

const uuid = new ParseIdPipe();

@ApiTags('chat')
@ApiBearerAuth()
@Controller('chat/presets')
export class ChatPresetsController {
  constructor(private readonly presets: ChatPresetsService) {}

  @Get()
  @ApiOperation({ summary: 'My chat presets, by name' })
  listChatPresets(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<ChatPresetPageDto> {
    return this.presets.list(user, query);
  }

  @Post()
  @ApiOperation({ summary: 'Save models, system prompt and sampling settings as a preset' })
  createChatPreset(@CurrentUser() user: AuthUser, @Body() dto: ChatPresetInputDto): Promise<ChatPresetDto> {
    return this.presets.create(user, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of my chat presets' })
  getChatPreset(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<ChatPresetDto> {
    return this.presets.get(user, id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace one of my chat presets' })
  updateChatPreset(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: ChatPresetInputDto): Promise<ChatPresetDto> {
    return this.presets.update(user, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete one of my chat presets' })
  deleteChatPreset(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.presets.remove(user, id);
  }
}
