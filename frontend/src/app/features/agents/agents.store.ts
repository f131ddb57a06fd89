import { Injectable, computed, inject, signal } from '@angular/core';
import { Observable, tap } from 'rxjs';
import type { AgentDto, AgentInputDto, ChatModelDto } from '../../api/models';
import { AgentsService, ChatService } from '../../api/services';

export type LoadState = 'loading' | 'ready' | 'failed';

/** The agents area's state over the generated client: the gallery (built-in and mine) and the usable models. */
@Injectable()
export class AgentsStore {
  private readonly api = inject(AgentsService);
  private readonly chat = inject(ChatService);

  readonly agents = signal<AgentDto[]>([]);
  readonly state = signal<LoadState>('loading');
  readonly builtIn = computed(() => this.agents().filter((agent) => agent.builtIn));
  readonly custom = computed(() => this.agents().filter((agent) => !agent.builtIn));
  /** The models that can answer now (a key is configured, or offline). */
  readonly models = signal<ChatModelDto[]>([]);

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
