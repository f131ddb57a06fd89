import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common/auth.decorators';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { ConversationSharesService } from './conversation-shares.service';
import { ConversationSharesDto, CreatedShareLinkDto, CreateShareLinkDto, ShareConversationDto, SharePermissionDto } from './dto/conversation-share.dto';

const uuid = new ParseIdPipe();

@ApiTags('collaboration')
@ApiBearerAuth()
@Controller('collaboration')
export class ConversationSharesController {
  constructor(private readonly shares: ConversationSharesService) {}

  @Post('share')
  @ApiOperation({
    summary: 'Share one of my chat conversations with users and/or a project, to read or to continue',
    description: 'Recipients find it in their chat history marked `shared`, watch its turns live, and with `continue` send turns that run on their own keys and budget. Answers who it is now shared with.',
  })
  shareConversation(@CurrentUser() user: AuthUser, @Body() dto: ShareConversationDto): Promise<ConversationSharesDto> {
    return this.shares.share(user, dto);
  }

  @Get('share/:conversationId')
  @ApiOperation({ summary: 'Who a conversation of mine is shared with, and its public link (without its token)' })
  listConversationShares(@CurrentUser() user: AuthUser, @Param('conversationId', uuid) conversationId: string): Promise<ConversationSharesDto> {
    return this.shares.list(user, conversationId);
  }

  @Patch('shares/:id')
  @ApiOperation({ summary: "Change a share's permission (read or continue)" })
  changeSharePermission(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: SharePermissionDto): Promise<ConversationSharesDto> {
    return this.shares.changePermission(user, id, dto.permission);
  }

  @Delete('shares/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Unshare: access ends at once, open sockets included' })
  unshareConversation(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.shares.unshare(user, id);
  }

  @Post('share/:conversationId/link')
  @ApiOperation({ summary: 'Make a public read-only link (replacing the one before); its token is shown this once' })
  createShareLink(@CurrentUser() user: AuthUser, @Param('conversationId', uuid) conversationId: string, @Body() dto: CreateShareLinkDto): Promise<CreatedShareLinkDto> {
    return this.shares.createLink(user, conversationId, dto);
  }

  @Delete('share/:conversationId/link')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke the public link: it answers 404 from now on' })
  revokeShareLink(@CurrentUser() user: AuthUser, @Param('conversationId', uuid) conversationId: string): Promise<void> {
    return this.shares.revokeLink(user, conversationId);
  }
}
