import { Body, Controller, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser } from '../../common/auth.decorators';
import { ApiJsonOrEventStreamResponse } from '../../common/contract';
import { ChatTurnsService } from '../chat/turns/chat-turns.service';
import { CHAT_STREAM } from '../chat/dto/chat-events.dto';
import { ChatTurnDto } from '../chat/dto/chat.dto';
import { streamOrWait } from '../../common/sse';
import { AgentsService } from './agents.service';
import { AssistantChatDto } from './dto/agent.dto';

/** The original product's path for talking to an agent. */
@ApiTags('agents')
@ApiBearerAuth()
@Controller('assistants')
export class AssistantsController {
  constructor(
    private readonly agents: AgentsService,
    private readonly turns: ChatTurnsService,
  ) {}

  @Post('chat')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Talk to an agent: its context is the system message of every turn; streams like POST /api/chat' })
  @ApiJsonOrEventStreamResponse(ChatTurnDto, CHAT_STREAM)
  async chatWithAgent(@CurrentUser() user: AuthUser, @Body() dto: AssistantChatDto, @Res({ passthrough: true }) response: Response): Promise<ChatTurnDto | void> {
    const { agent, context } = await this.agents.contextFor(user, { agentId: dto.agentId, agentType: dto.agent_type });
    const turn = { conversationId: dto.conversationId, message: dto.message, models: [dto.model ?? agent.defaultModel] };
    return streamOrWait(response, dto.stream, (signal) => this.turns.startTurn(user, turn, signal, context), (signal) => this.turns.sendAndWait(user, turn, signal, context));
  }
}
