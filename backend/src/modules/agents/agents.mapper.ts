import type { AuthUser } from '../../common/auth.decorators';
import type { UiLanguage } from '../../common/request-language';
import type { Agent } from './agent.entity';
import type { BuiltInAgent } from './built-in-agents';
import { BUILT_IN_AGENTS_FR } from './built-in-agents.fr';
import type { AgentDto } from './dto/agent.dto';

/**
 * An agent as `user` sees it (`mine` when they own it): a built-in one with its name, description
 * and starters in `language`; a user's own as they wrote it.
 */
export function toAgentDto(user: AuthUser, agent: Agent, language: UiLanguage = 'en'): AgentDto {
  const texts = agent.builtIn && agent.slug && language === 'fr' ? BUILT_IN_AGENTS_FR[agent.slug as BuiltInAgent['slug']] : undefined;
  return {
    id: agent.id,
    ...(agent.slug ? { slug: agent.slug } : {}),
    name: texts?.name ?? agent.name,
    description: texts?.description ?? agent.description,
    icon: agent.icon,
    instructions: agent.instructions,
    defaultModel: agent.defaultModel,
    temperature: agent.temperature,
    starters: texts ? [...texts.starters] : agent.starters,
    referenceNotes: agent.referenceNotes,
    tools: agent.tools,
    collectionIds: agent.collectionIds,
    maxSteps: agent.maxSteps,
    timeLimitSeconds: agent.timeLimitSeconds,
    builtIn: agent.builtIn,
    mine: agent.ownerId === user.id,
    createdAt: agent.createdAt,
    updatedAt: agent.updatedAt,
  };
}
