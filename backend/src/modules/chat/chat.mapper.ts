import type { ConversationTree } from './turns/chat-tree';
import { unavailableReasonOf, type ModelChoice } from '../../ai/model-catalogue.service';
import { modelName, type ChatModel } from '../../ai/models';
import { providerLabel } from '../../ai/provider-error';
import type { UiLanguage } from '../../common/request-language';
import type { ChatMessage } from './chat-message.entity';
import type { Conversation } from './conversation.entity';
import type { ConversationGrant } from './sharing/conversation-grants';
import { ChatModelDto, ChatTurnDto, ConversationDetailDto, ConversationDto, MessageDto } from './dto/chat.dto';

/** A catalogue model as the chat lists it, its provider's name and why it cannot be used in `language`. */
export function toChatModelDto(choice: ModelChoice<ChatModel>, language: UiLanguage = 'en'): ChatModelDto {
  const { model, available } = choice;
  return {
    id: model.id,
    provider: model.provider,
    providerLabel: providerLabel(model.provider, language),
    name: modelName(model, language),
    contextTokens: model.contextTokens,
    inputPricePerMTok: model.price.inputPerMTok,
    outputPricePerMTok: model.price.outputPerMTok,
    offline: !!model.offline,
    ...(model.maxOutputTokens ? { maxOutputTokens: model.maxOutputTokens } : {}),
    sampling: model.sampling,
    vision: model.vision,
    available,
    ...(available ? {} : { unavailableReason: unavailableReasonOf(choice, language), unavailableCode: choice.unavailableCode ?? 'PROVIDER_MISSING_CREDENTIALS' }),
    workspaceDefault: !!choice.workspaceDefault,
  };
}

/** Who asked the questions of a shared conversation: its owner, and names by user id. */
export interface Askers {
  ownerId: string;
  names: Map<string, string>;
}

/**
 * A message; `tree` gives its siblings (the versions it is one of). `askers` (shared conversations
 * only): the names of who asked, by user id, with the conversation's owner for its own questions.
 */
export function toMessageDto(message: ChatMessage, tree?: ConversationTree, askers?: Askers): MessageDto {
  const askerId = message.role === 'user' && askers ? (message.authorId ?? askers.ownerId) : null;
  return {
    id: message.id,
    turn: message.turn,
    parentId: message.parentId ?? null,
    siblingIds: tree ? tree.siblingsOf(message).map((sibling) => sibling.id) : [message.id],
    role: message.role,
    kind: message.kind ?? 'reply',
    ...(message.model ? { model: message.model } : {}),
    content: message.content,
    status: message.status,
    ...(message.error ? { error: message.error } : {}),
    ...(message.errorCode ? { errorCode: message.errorCode, errorParams: message.errorParams ?? {} } : {}),
    truncated: message.truncated ?? false,
    ...(message.inputTokens !== null ? { inputTokens: message.inputTokens } : {}),
    ...(message.outputTokens !== null ? { outputTokens: message.outputTokens } : {}),
    ...(message.cost !== null ? { cost: message.cost } : {}),
    ...(message.ttftMs !== null ? { ttftMs: message.ttftMs } : {}),
    ...(message.durationMs !== null ? { durationMs: message.durationMs } : {}),
    steps: message.steps ?? [],
    citations: message.citations ?? [],
    attachments: (message.attachments ?? []).map(({ mediaFileId, name, mimeType, kind, size, truncatedTo }) => ({ mediaFileId, name, mimeType, kind, size, ...(truncatedTo ? { truncatedTo } : {}) })),
    ...(askerId ? { askedBy: { userId: askerId, name: askers!.names.get(askerId) ?? '' } } : {}),
    createdAt: message.createdAt,
  };
}

export function toConversationDto(conversation: Conversation, models: string[], preview?: string, grant?: ConversationGrant | null): ConversationDto {
  return {
    id: conversation.id,
    title: conversation.title,
    pinned: conversation.pinned,
    // A conversation just created by a turn may not have read back the columns' defaults.
    archived: conversation.archived ?? false,
    folder: conversation.folder ?? null,
    ...(conversation.agentId ? { agentId: conversation.agentId } : {}),
    ...(conversation.agentName ? { agentName: conversation.agentName } : {}),
    ...(conversation.toolSettings?.collectionIds.length && !conversation.agentId ? { collectionIds: conversation.toolSettings.collectionIds } : {}),
    models,
    ...(preview ? { preview } : {}),
    ...(grant ? { shared: { byUserId: grant.sharedById, byName: grant.sharedByName, permission: grant.permission } } : {}),
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
  };
}

/** A conversation with the messages of the branch on screen; its models are those that answered there, its preview the start of its last message. */
export function toConversationDetailDto(conversation: Conversation, tree: ConversationTree, grant?: ConversationGrant | null, askers?: Askers): ConversationDetailDto {
  const messages = tree.shown();
  const models = [...new Set(messages.flatMap((m) => (m.model ? [m.model] : [])))];
  return {
    ...toConversationDto(conversation, models, messages[messages.length - 1]?.content.slice(0, 160), grant),
    systemPrompt: conversation.systemPrompt,
    settings: conversation.settings,
    messages: messages.map((message) => toMessageDto(message, tree, askers)),
  };
}

export function toChatTurnDto(turn: { conversationId: string; turn: number; title: string }, replies: ChatMessage[], tree?: ConversationTree): ChatTurnDto {
  return { conversationId: turn.conversationId, turn: turn.turn, title: turn.title, replies: replies.map((reply) => toMessageDto(reply, tree)) };
}
