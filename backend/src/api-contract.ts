import { AiErrorCode } from './ai/ai.errors';
import type { ContractExtras } from './common/contract';
import { CommonErrorCode, type ErrorCodeLists } from './common/error-codes';
import { AgentErrorCode } from './modules/agents/agents.errors';
import { AuthErrorCode } from './modules/auth/auth.errors';
import { CHAT_STREAM } from './modules/chat/dto/chat-events.dto';
import { CHAT_DOMAIN_EVENTS } from './modules/chat/dto/chat-domain-events.dto';
import { CHAT_CLIENT_EVENTS } from './modules/chat/dto/chat-client-events.dto';
import { ChatErrorCode } from './modules/chat/chat.errors';
import { BlogErrorCode } from './modules/blog/blog.errors';
import { BLOG_DOMAIN_EVENTS } from './modules/blog/dto/blog-domain-events.dto';
import { CatalogErrorCode } from './modules/catalog/catalog.errors';
import { CollaborationErrorCode } from './modules/collaboration/collaboration.errors';
import { COLLABORATION_CLIENT_EVENTS, COLLABORATION_DOMAIN_EVENTS } from './modules/collaboration/dto/collaboration-events.dto';
import { AutomationErrorCode } from './modules/automation/automation.errors';
import { VOICE_DOMAIN_EVENTS } from './modules/voice/dto/voice-domain-events.dto';
import { VoiceErrorCode } from './modules/voice/voice.errors';
import { CombinationErrorCode } from './modules/combinations/combinations.errors';
import { COMBINATION_CLIENT_EVENTS, COMBINATION_DOMAIN_EVENTS } from './modules/combinations/dto/combination-events.dto';
import { GENERATION_DOMAIN_EVENTS } from './modules/generation/dto/generation-domain-events.dto';
import { MEDIA_DOMAIN_EVENTS } from './modules/media/dto/media-domain-events.dto';
import { GenerationErrorCode } from './modules/generation/generation.errors';
import { KnowledgeErrorCode } from './modules/knowledge/knowledge.errors';
import { MediaErrorCode } from './modules/media/media.errors';
import { OpenAiCompatErrorCode } from './modules/openai-compat/openai-compat.errors';
import { AdminModelsErrorCode } from './modules/admin/models/admin-models.errors';
import { DocumentationErrorCode } from './modules/documentation/documentation.errors';
import { AdminEndpointsErrorCode } from './modules/admin/endpoints/admin-endpoints.errors';
import { ProfileErrorCode } from './modules/profile/profile.errors';
import { PromptErrorCode } from './modules/prompts/prompts.errors';
import { McpErrorCode } from './modules/tools/mcp/mcp.errors';
import { ToolErrorCode } from './modules/tools/tools.errors';
import { QueueErrorCode } from './queue/queue.errors';
import { type ClientEventClasses, REALTIME_CLIENT_EVENTS } from './realtime/client-events';
import type { DomainEventClasses } from './events/domain-events';

/**
 * What the contract publishes besides the routes. Like `app.module.ts`, this file knows every
 * area; the types keep it complete: a module that merges a list into `ErrorCodeLists`, or events into
 * `ClientEventMap` or `DomainEventMap`, does not compile until it is listed here.
 */
export const ERROR_CODE_LISTS = {
  CommonErrorCode,
  QueueErrorCode,
  AiErrorCode,
  AuthErrorCode,
  ProfileErrorCode,
  OpenAiCompatErrorCode,
  ChatErrorCode,
  AgentErrorCode,
  PromptErrorCode,
  MediaErrorCode,
  GenerationErrorCode,
  KnowledgeErrorCode,
  ToolErrorCode,
  McpErrorCode,
  CombinationErrorCode,
  CatalogErrorCode,
  BlogErrorCode,
  CollaborationErrorCode,
  AdminModelsErrorCode,
  DocumentationErrorCode,
  AdminEndpointsErrorCode,
  AutomationErrorCode,
  VoiceErrorCode,
} satisfies { [List in keyof ErrorCodeLists]: Record<string, ErrorCodeLists[List]> };

export const API_CONTRACT: ContractExtras = {
  errorCodes: ERROR_CODE_LISTS,
  eventStreams: [CHAT_STREAM],
  socketEvents: { ...REALTIME_CLIENT_EVENTS, ...CHAT_CLIENT_EVENTS, ...COMBINATION_CLIENT_EVENTS, ...COLLABORATION_CLIENT_EVENTS } satisfies ClientEventClasses,
  domainEvents: { ...CHAT_DOMAIN_EVENTS, ...MEDIA_DOMAIN_EVENTS, ...GENERATION_DOMAIN_EVENTS, ...COMBINATION_DOMAIN_EVENTS, ...COLLABORATION_DOMAIN_EVENTS, ...BLOG_DOMAIN_EVENTS, ...VOICE_DOMAIN_EVENTS } satisfies DomainEventClasses,
};
