import type { ModelChoice } from '../../ai/model-catalogue.service';
import type { ChatModel } from '../../ai/models';
import { providerLabel } from '../../ai/provider-error';
import type { ChatMessage } from './chat-message.entity';
import type { Conversation } from './conversation.entity';
import { ChatModelDto, ConversationDto, MessageDto } from './dto/chat.dto';

export function toChatModelDto({ model, available, unavailableReason }: ModelChoice<ChatModel>): ChatModelDto {
  return {
    id: model.id,
    provider: model.provider,
    providerLabel: providerLabel(model.provider),
    name: model.name,
    contextTokens: model.contextTokens,
    inputPricePerMTok: model.price.inputPerMTok,
    outputPricePerMTok: model.price.outputPerMTok,
    offline: !!model.offline,
    available,
    ...(unavailableReason ? { unavailableReason } : {}),
  };
}

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
