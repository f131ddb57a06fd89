import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { ProviderRegistry } from '../../ai/provider-registry';
import { AuthUser } from '../../common/auth.decorators';
import type { UiLanguage } from '../../common/request-language';
import { DomainError, notFound } from '../../common/domain-error';
import { ShareableResource, SharedResources } from '../../common/shared-resources';
import type { AgentContext } from '../chat/turns/chat-turns.service';
import { KnowledgeService } from '../knowledge/knowledge.service';
import { ToolsService } from '../tools/tools.service';
import { Agent } from './agent.entity';
import { AGENT_TYPES, AgentDto, AgentInputDto, DEFAULT_MAX_STEPS, DEFAULT_TIME_LIMIT_SECONDS } from './dto/agent.dto';
import { AgentErrorCode } from './agents.errors';
import { toAgentDto } from './agents.mapper';

/** Built-in agents for everyone, and each user's own. */
@Injectable()
export class AgentsService {
  constructor(
    @InjectRepository(Agent) private readonly agents: Repository<Agent>,
    private readonly registry: ProviderRegistry,
    private readonly tools: ToolsService,
    private readonly knowledge: KnowledgeService,
    private readonly shared: SharedResources,
  ) {}

  /** The built-ins (their texts in `language`), the user's own agents (as they wrote them), then those shared with a project of theirs. */
  async list(user: AuthUser, language: UiLanguage = 'en'): Promise<AgentDto[]> {
    const projectShared = await this.shared.sharedIds(user.id, 'agent');
    const rows = await this.agents.find({ where: [{ builtIn: true, ownerId: IsNull() }, { ownerId: user.id }, ...(projectShared.length ? [{ id: In(projectShared), builtIn: false }] : [])], order: { builtIn: 'DESC', createdAt: 'ASC' } });
    // The built-ins in the order the code lists them (their seed may have rewritten any of them), then the user's own, oldest first.
    const rank = (agent: Agent) => (agent.builtIn ? AGENT_TYPES.indexOf(agent.slug as (typeof AGENT_TYPES)[number]) : agent.ownerId === user.id ? AGENT_TYPES.length : AGENT_TYPES.length + 1);
    return rows.sort((a, b) => rank(a) - rank(b)).map((row) => toAgentDto(user, row, language));
  }

  async get(user: AuthUser, id: string, language: UiLanguage = 'en'): Promise<AgentDto> {
    return toAgentDto(user, await this.findVisible(user, id), language);
  }

  async create(user: AuthUser, dto: AgentInputDto): Promise<AgentDto> {
    await this.check(user, dto);
    const agent = this.agents.create({ ...normalise(dto), ownerId: user.id, slug: null, builtIn: false });
    return toAgentDto(user, await this.agents.save(agent));
  }

  async update(user: AuthUser, id: string, dto: AgentInputDto): Promise<AgentDto> {
    const agent = await this.findOwned(user, id);
    await this.check(user, dto);
    Object.assign(agent, normalise(dto));
    return toAgentDto(user, await this.agents.save(agent));
  }

  async delete(user: AuthUser, id: string): Promise<void> {
    await this.agents.remove(await this.findOwned(user, id));
  }

  async duplicate(user: AuthUser, id: string): Promise<AgentDto> {
    const source = await this.findVisible(user, id);
    const { name, description, icon, instructions, defaultModel, temperature, starters, referenceNotes, tools, collectionIds, maxSteps, timeLimitSeconds } = source;
    const copy = this.agents.create({
      name: `${name.slice(0, 92)} (copy)`,
      ...{ description, icon, instructions, defaultModel, temperature, starters, referenceNotes, tools, collectionIds, maxSteps, timeLimitSeconds },
      ownerId: user.id,
      slug: null,
      builtIn: false,
    });
    return toAgentDto(user, await this.agents.save(copy));
  }

  /** The agent by id or by built-in type, as the chat engine needs it. */
  async contextFor(user: AuthUser, ref: { agentId?: string; agentType?: string }): Promise<{ agent: Agent; context: AgentContext }> {
    const agent = ref.agentId ? await this.findVisible(user, ref.agentId) : await this.agents.findOneBy({ slug: ref.agentType ?? '', builtIn: true });
    if (!agent) throw notFound(AgentErrorCode.AGENT_NOT_FOUND, 'Agent');
    const instructions = agent.referenceNotes.trim() ? `${agent.instructions}\n\nReference notes from the user (use them when relevant):\n${agent.referenceNotes.trim()}` : agent.instructions;
    // A shared agent runs for its user, on their keys: its owner's knowledge collections are not theirs to search.
    const collectionIds = agent.builtIn || agent.ownerId === user.id ? agent.collectionIds : [];
    const toolSettings = { tools: agent.tools, collectionIds, maxSteps: agent.maxSteps, timeLimitSeconds: agent.timeLimitSeconds };
    return { agent, context: { id: agent.id, name: agent.name, instructions, temperature: agent.temperature, toolSettings } };
  }

  /** The model, tools and collections an agent names must exist and be the user's to use. */
  private async check(user: AuthUser, dto: AgentInputDto): Promise<void> {
    this.registry.chatModel(dto.defaultModel, 'defaultModel');
    await this.tools.checkSelection(user, dto.tools ?? [], 'tools');
    await this.knowledge.checkCollections(user, dto.collectionIds ?? [], 'collectionIds');
  }

  /** Agents of users, for sharing with a project (collaboration asks through the `SharedResources` hook). */
  async shareable(ids: readonly string[]): Promise<ShareableResource[]> {
    const rows = await this.agents.find({ select: { id: true, ownerId: true, name: true }, where: { id: In([...ids]), builtIn: false } });
    return rows.flatMap((row) => (row.ownerId ? [{ id: row.id, ownerId: row.ownerId, name: row.name }] : []));
  }

  /** Built in, mine, or shared with a project I am a member of. */
  private async findVisible(user: AuthUser, id: string): Promise<Agent> {
    const agent = await this.agents.findOneBy({ id });
    const visible = agent && (agent.builtIn || agent.ownerId === user.id || (await this.shared.isSharedWith(user.id, 'agent', agent.id)));
    if (!agent || !visible) throw notFound(AgentErrorCode.AGENT_NOT_FOUND, 'Agent');
    return agent;
  }

  /** Visible but not mine (built in, or shared with me through a project): read-only, 403. */
  private async findOwned(user: AuthUser, id: string): Promise<Agent> {
    const agent = await this.findVisible(user, id);
    if (agent.builtIn) throw new DomainError('forbidden', AgentErrorCode.AGENT_BUILT_IN, 'Built-in agents cannot be changed; duplicate one to make your own version');
    if (agent.ownerId !== user.id) throw new DomainError('forbidden', AgentErrorCode.AGENT_NOT_YOURS, 'Only its owner can change this shared agent; duplicate it to make your own version');
    return agent;
  }
}

function normalise(dto: AgentInputDto) {
  return {
    name: dto.name,
    description: dto.description ?? '',
    icon: dto.icon ?? 'smart_toy',
    instructions: dto.instructions,
    defaultModel: dto.defaultModel,
    temperature: dto.temperature ?? 0.7,
    starters: dto.starters ?? [],
    referenceNotes: dto.referenceNotes ?? '',
    tools: dto.tools ?? [],
    collectionIds: dto.collectionIds ?? [],
    maxSteps: dto.maxSteps ?? DEFAULT_MAX_STEPS,
    timeLimitSeconds: dto.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS,
  };
}
