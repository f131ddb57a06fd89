import { Controller, Get, Injectable, Param, PipeTransform } from '@nestjs/common';
import { notFound } from '../../common/domain-error';
import { CollaborationErrorCode } from './collaboration.errors';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth.decorators';
import { ConversationSharesService, SHARE_TOKEN_SHAPE } from './conversation-shares.service';
import { PublicConversationDto } from './dto/conversation-share.dto';

/** A public link's token: what cannot be one is a 404 like a revoked link, before any lookup. */
@Injectable()
export class ShareTokenPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!SHARE_TOKEN_SHAPE.test(value)) throw notFound(CollaborationErrorCode.SHARE_LINK_NOT_FOUND, 'Shared conversation');
    return value;
  }
}

@ApiTags('collaboration')
@Controller('public')
export class PublicConversationsController {
  constructor(private readonly shares: ConversationSharesService) {}

  @Public()
  @Get('conversations/:token')
  @ApiOperation({
    summary: 'A conversation shared by public link, without an account: its title and the messages of the branch on screen',
    description: 'No ids, costs or e-mail addresses. A revoked, expired or unknown link: 404 SHARE_LINK_NOT_FOUND.',
  })
  getPublicConversation(@Param('token', ShareTokenPipe) token: string): Promise<PublicConversationDto> {
    return this.shares.publicConversation(token);
  }
}
