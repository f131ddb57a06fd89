import type { AuthUser } from '../../common/auth.decorators';
import type { Agent } from './agent.entity';
import type { AgentDto } from './dto/agent.dto';

/** An agent as `user` sees it (`mine` when they own it). */
export function toAgentDto(user: AuthUser, agent: Agent): AgentDto {
  return {
    id: agent.id,
    ...(agent.slug ? { slug: agent.slug } : {}),
    name: agent.name,
    description: agent.description,
    icon: agent.icon,
    instructions: agent.instructions,
    defaultModel: agent.defaultModel,
    temperature: agent.temperature,
    starters: agent.starters,
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
