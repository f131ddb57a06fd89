import { Injectable, computed, inject, signal } from '@angular/core';
import { Observable, map, tap } from 'rxjs';
import type { AgentDto, ChatModelDto, MediaFileDto, CombinationTemplateDto, GenerationModelDto, WorkflowBodyDto, WorkflowDto, WorkflowExportDto, WorkflowRunSummaryDto } from '../../api/models';
import { AgentsService, ChatService, CombinationsService, GenerationService, MediaService } from '../../api/services';

export type LoadState = 'loading' | 'ready' | 'failed';
export type RunStatus = WorkflowRunSummaryDto['status'];
export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
export const RUNS_PAGE_SIZE = 20;
/** The most saved workflows listed (the API's largest page). */
export const WORKFLOWS_PAGE_SIZE = 100;

/**
 * The Combinations area's state over the generated client: the templates, my saved workflows,
 * the run history (a page at a time, filtered by workflow and status), and what a step may use:
 * the chat and generation models (with their availability) and the agents.
 */
@Injectable()
export class CombinationsStore {
  private readonly api = inject(CombinationsService);
  private readonly chat = inject(ChatService);
  private readonly generation = inject(GenerationService);
  private readonly agentsApi = inject(AgentsService);
  private readonly media = inject(MediaService);

  readonly templates = signal<CombinationTemplateDto[]>([]);
  readonly templatesState = signal<LoadState>('loading');
  readonly workflows = signal<WorkflowDto[]>([]);
  readonly workflowsState = signal<LoadState>('loading');

  readonly runs = signal<WorkflowRunSummaryDto[]>([]);
  readonly runsTotal = signal(0);
  readonly runsPage = signal(1);
  readonly runsState = signal<LoadState>('loading');
  readonly runFilter = signal<{ workflowId: string | null; status: RunStatus | null }>({ workflowId: null, status: null });
  readonly runsPages = computed(() => Math.max(1, Math.ceil(this.runsTotal() / RUNS_PAGE_SIZE)));

  readonly chatModels = signal<ChatModelDto[]>([]);
  readonly generationModels = signal<GenerationModelDto[]>([]);
  readonly agents = signal<AgentDto[]>([]);

  loadTemplates(): void {
    this.templatesState.set('loading');
    this.api.listCombinationTemplates().subscribe({
      next: (templates) => {
        this.templates.set(templates);
        this.templatesState.set('ready');
      },
      error: () => this.templatesState.set('failed'),
    });
  }

  loadWorkflows(): void {
    this.workflowsState.set('loading');
    this.api.listWorkflows({ limit: WORKFLOWS_PAGE_SIZE }).subscribe({
      next: (page) => {
        this.workflows.set(page.items);
        this.workflowsState.set('ready');
      },
      error: () => this.workflowsState.set('failed'),
    });
  }

  loadRuns(page = this.runsPage()): void {
    this.runsState.set('loading');
    this.runsPage.set(page);
    const { workflowId, status } = this.runFilter();
    this.api.listWorkflowRuns({ page, limit: RUNS_PAGE_SIZE, ...(workflowId ? { workflowId } : {}), ...(status ? { status } : {}) }).subscribe({
      next: (result) => {
        this.runs.set(result.items);
        this.runsTotal.set(result.total);
        this.runsState.set('ready');
      },
      error: () => this.runsState.set('failed'),
    });
  }

  filterRuns(filter: { workflowId: string | null; status: RunStatus | null }): void {
    this.runFilter.set(filter);
    this.loadRuns(1);
  }

  /** The models and agents a step can use (once). */
  loadCatalog(): void {
    if (!this.chatModels().length) this.chat.listChatModels().subscribe({ next: (models) => this.chatModels.set(models), error: () => this.chatModels.set([]) });
    if (!this.generationModels().length) this.generation.listGenerationModels().subscribe({ next: (catalog) => this.generationModels.set(catalog.models), error: () => this.generationModels.set([]) });
    if (!this.agents().length) this.agentsApi.listAgents().subscribe({ next: (agents) => this.agents.set(agents), error: () => this.agents.set([]) });
  }

  get(id: string): Observable<WorkflowDto> {
    return this.api.getWorkflow({ id });
  }

  /** Saves a new workflow, or with `id` a change to mine. */
  save(body: WorkflowBodyDto, id: string | null): Observable<WorkflowDto> {
    return this.api.saveCombination({ body: { ...body, ...(id ? { id } : {}) } }).pipe(tap((saved) => this.workflows.update((list) => [saved, ...list.filter((w) => w.id !== saved.id)])));
  }

  duplicate(id: string): Observable<WorkflowDto> {
    return this.api.duplicateWorkflow({ id }).pipe(tap((copy) => this.workflows.update((list) => [copy, ...list])));
  }

  delete(id: string): Observable<void> {
    return this.api.deleteWorkflow({ id }).pipe(tap(() => this.workflows.update((list) => list.filter((w) => w.id !== id))));
  }

  export(id: string): Observable<WorkflowExportDto> {
    return this.api.exportWorkflow({ id });
  }

  import(file: Record<string, unknown>): Observable<WorkflowDto> {
    // The server checks the file's workflow like a saved one (and names what is wrong).
    const workflow = (file['workflow'] ?? file) as unknown as WorkflowBodyDto;
    return this.api.importWorkflow({ body: { workflow, ...(file['version'] === 1 ? { version: 1 as const } : {}) } }).pipe(tap((saved) => this.workflows.update((list) => [saved, ...list])));
  }

  /** The media library's newest files, for a run's media input. */
  mediaFiles(): Observable<MediaFileDto[]> {
    return this.media.listMediaFiles({ limit: 60, sort: 'recent' }).pipe(map((page) => page.items));
  }
}
