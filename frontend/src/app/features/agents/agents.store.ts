import { Injectable, computed, inject, signal } from '@angular/core';
import { Observable, tap } from 'rxjs';
import type { AgentDto, AgentInputDto, ChatModelDto, KnowledgeCollectionDto, ToolCatalogDto } from '../../api/models';
import { AgentsService, ChatService, KnowledgeService, ToolsService } from '../../api/services';

export type LoadState = 'loading' | 'ready' | 'failed';

/** The most knowledge collections listed (the API's largest page). */
export const MAX_LISTED_COLLECTIONS = 100;

/**
 * The agents area's state over the generated client: the gallery (built-in and mine), the usable
 * models, and what an agent may be given: the tools (`GET /api/tools`) and the knowledge collections.
 */
@Injectable()
export class AgentsStore {
  private readonly api = inject(AgentsService);
  private readonly chat = inject(ChatService);
  private readonly toolsApi = inject(ToolsService);
  private readonly knowledge = inject(KnowledgeService);

  readonly agents = signal<AgentDto[]>([]);
  readonly state = signal<LoadState>('loading');
  readonly builtIn = computed(() => this.agents().filter((agent) => agent.builtIn));
  readonly custom = computed(() => this.agents().filter((agent) => !agent.builtIn));
  /** The models that can answer now (a key is configured, or offline). */
  readonly models = signal<ChatModelDto[]>([]);
  readonly tools = signal<ToolCatalogDto>({ builtIns: [], mcp: [] });
  readonly toolsState = signal<LoadState>('loading');
  readonly collections = signal<KnowledgeCollectionDto[]>([]);
  readonly collectionsState = signal<LoadState>('loading');

  load(): void {
    this.state.set('loading');
    this.api.listAgents().subscribe({
      next: (agents) => {
        this.agents.set(agents);
        this.state.set('ready');
      },
      error: () => this.state.set('failed'),
    });
  }

  loadModels(): void {
    if (this.models().length) return;
    this.chat.listChatModels().subscribe({ next: (models) => this.models.set(models.filter((model) => model.available)), error: () => this.models.set([]) });
  }

  loadTools(): void {
    this.toolsState.set('loading');
    this.toolsApi.getToolCatalog().subscribe({
      next: (catalog) => {
        this.tools.set(catalog);
        this.toolsState.set('ready');
      },
      error: () => this.toolsState.set('failed'),
    });
  }

  loadCollections(): void {
    this.collectionsState.set('loading');
    this.knowledge.listKnowledgeCollections({ limit: MAX_LISTED_COLLECTIONS }).subscribe({
      next: (page) => {
        this.collections.set(page.items);
        this.collectionsState.set('ready');
      },
      error: () => this.collectionsState.set('failed'),
    });
  }

  get(id: string): Observable<AgentDto> {
    return this.api.getAgent({ id });
  }

  create(body: AgentInputDto): Observable<AgentDto> {
    return this.api.createAgent({ body }).pipe(tap((agent) => this.agents.update((agents) => [...agents, agent])));
  }

  update(id: string, body: AgentInputDto): Observable<AgentDto> {
    return this.api.updateAgent({ id, body }).pipe(tap((agent) => this.agents.update((agents) => agents.map((a) => (a.id === id ? agent : a)))));
  }

  duplicate(id: string): Observable<AgentDto> {
    return this.api.duplicateAgent({ id }).pipe(tap((agent) => this.agents.update((agents) => [...agents, agent])));
  }

  delete(id: string): Observable<void> {
    return this.api.deleteAgent({ id }).pipe(tap(() => this.agents.update((agents) => agents.filter((a) => a.id !== id))));
  }
}
