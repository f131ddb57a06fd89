import type { ChatMessage } from './chat-message.entity';
import type { Conversation } from './conversation.entity';
import { ConversationDto, MessageDto } from './dto/chat.dto';

export function toMessageDto(message: ChatMessage): MessageDto {
  return {
    id: message.id,
    turn: message.turn,
    role: message.role,
    ...(message.model ? { model: message.model } : {}),
    content: message.content,
    status: message.status,
    ...(message.error ? { error: message.error } : {}),
    ...(message.inputTokens !== null ? { inputTokens: message.inputTokens } : {}),
    ...(message.outputTokens !== null ? { outputTokens: message.outputTokens } : {}),
    ...(message.cost !== null ? { cost: message.cost } : {}),
    ...(message.ttftMs !== null ? { ttftMs: message.ttftMs } : {}),
    ...(message.durationMs !== null ? { durationMs: message.durationMs } : {}),
    steps: message.steps ?? [],
    citations: message.citations ?? [],
    createdAt: message.createdAt,
  };
}

export function toConversationDto(conversation: Conversation, models: string[], preview?: string): ConversationDto {
  return {
    id: conversation.id,
    title: conversation.title,
    pinned: conversation.pinned,
    ...(conversation.agentId ? { agentId: conversation.agentId } : {}),
    ...(conversation.agentName ? { agentName: conversation.agentName } : {}),
    ...(conversation.toolSettings?.collectionIds.length && !conversation.agentId ? { collectionIds: conversation.toolSettings.collectionIds } : {}),
    models,
    ...(preview ? { preview } : {}),
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
  };
}
