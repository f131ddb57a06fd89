import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormArray, FormBuilder, FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import type { Observable } from 'rxjs';
import type { AgentDto, AgentInputDto, McpToolDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { FormSubmission } from '../../core/http/form-submission';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { builtInTool } from '../../shared/chat/tool-step';
import { parseMcpRef } from './agent-tools';
import { AgentsStore } from './agents.store';
import type { IconName } from '../../core/icons/icons';
import { IconFontSetPipe } from '../../core/icons/icon-font-set.pipe';
import { problemMessage } from '../../core/http/problem-message';

export const MAX_STARTERS = 3;
/** The agent loop's limits (AgentInputDto) and their defaults. */
export const STEPS = { min: 1, max: 20, default: 8 };
export const TIME_LIMIT = { min: 10, max: 600, default: 120 };
export const MAX_COLLECTIONS = 20;

/** What the user reads about each built-in tool (the server's description is written for the model). */
const TOOL_DESCRIPTIONS: Readonly<Record<string, MessageKey>> = {
  calculator: 'agents.tools.describe.calculator',
  current_time: 'agents.tools.describe.current_time',
  web_fetch: 'agents.tools.describe.web_fetch',
  knowledge_search: 'agents.tools.describe.knowledge_search',
  generate_image: 'agents.tools.describe.generate_image',
  prompt_library: 'agents.tools.describe.prompt_library',
  run_workflow: 'agents.tools.describe.run_workflow',
  catalog_search: 'agents.tools.describe.catalog_search',
};

interface McpGroup {
  serverId: string;
  serverName: string;
  shared: boolean;
  tools: McpToolDto[];
}

/** `/agents/new` and `/agents/:id/edit`: a custom agent's definition. */
@Component({
  selector: 'wbx-agent-editor-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressSpinnerModule, MatSelectModule, TranslatePipe, IconFontSetPipe],
  templateUrl: './agent-editor.page.html',
  styleUrl: './agent-editor.page.scss',
})
export default class AgentEditorPage {
  protected readonly store = inject(AgentsStore);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18nService);

  /** From the route; absent for a new agent. */
  readonly id = input<string>();

  protected readonly maxStarters = MAX_STARTERS;
  protected readonly maxCollections = MAX_COLLECTIONS;
  protected readonly steps = STEPS;
  protected readonly timeLimit = TIME_LIMIT;
  protected readonly submission = new FormSubmission();
  protected readonly starterError = signal<string | null>(null);
  protected readonly unlistedModel = signal<string | null>(null);
  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    description: [''],
    icon: ['smart_toy'],
    instructions: ['', [Validators.required]],
    defaultModel: ['', [Validators.required]],
    temperature: [0.7, [Validators.min(0), Validators.max(2)]],
    starters: new FormArray<FormControl<string>>([]),
    referenceNotes: [''],
    tools: [[] as string[]],
    collectionIds: [[] as string[], [Validators.maxLength(MAX_COLLECTIONS)]],
    maxSteps: [STEPS.default, [Validators.required, Validators.min(STEPS.min), Validators.max(STEPS.max), Validators.pattern(/^\d+$/)]],
    timeLimitSeconds: [TIME_LIMIT.default, [Validators.required, Validators.min(TIME_LIMIT.min), Validators.max(TIME_LIMIT.max), Validators.pattern(/^\d+$/)]],
  });

  private readonly chosenTools = toSignal(this.form.controls.tools.valueChanges, { initialValue: this.form.controls.tools.value });
  protected readonly collectionIds = toSignal(this.form.controls.collectionIds.valueChanges, { initialValue: this.form.controls.collectionIds.value });
  protected readonly searchesKnowledge = computed(() => this.chosenTools().includes('knowledge_search'));
  /** The server's field error on `tools` (a tool that does not exist, say): the checkboxes are no form field. */
  protected readonly toolsError = signal<string | null>(null);
  /** The MCP tools, by server. */
  protected readonly mcpGroups = computed<McpGroup[]>(() => {
    const groups = new Map<string, McpGroup>();
    for (const tool of this.store.tools().mcp) {
      const group = groups.get(tool.serverId) ?? { serverId: tool.serverId, serverName: tool.serverName, shared: tool.shared, tools: [] };
      group.tools.push(tool);
      groups.set(tool.serverId, group);
    }
    return [...groups.values()];
  });
  /** Chosen tools the catalogue no longer has (an MCP server removed or down): kept until unchecked. */
  protected readonly missingTools = computed(() => {
    const { builtIns, mcp } = this.store.tools();
    const known = new Set([...builtIns.map((tool) => tool.name), ...mcp.map((tool) => tool.ref)]);
    return this.chosenTools().filter((ref) => !known.has(ref));
  });
  /** Chosen collections the list does not have (deleted, or past the first page). */
  protected readonly unlistedCollections = computed(() => {
    if (this.store.collectionsState() === 'loading') return [];
    const listed = new Set(this.store.collections().map((collection) => collection.id));
    return this.collectionIds().filter((id) => !listed.has(id));
  });

  constructor() {
    this.store.loadModels();
    this.store.loadTools();
    this.store.loadCollections();
    effect(() => {
      const id = this.id();
      const models = this.store.models();
      untracked(() => {
        if (!id && !this.form.controls.defaultModel.value && models.length) {
          this.form.controls.defaultModel.setValue((models.find((model) => !model.offline) ?? models[0]!).id);
        }
      });
    });
    effect(() => {
      const id = this.id();
      if (id) untracked(() => this.store.get(id).subscribe({ next: (agent) => this.fill(agent), error: (error: unknown) => this.submission.error.set(problemMessage(this.i18n, toApiProblem(error))) }));
    });
  }

  protected isChosen(ref: string): boolean {
    return this.chosenTools().includes(ref);
  }

  protected choose(ref: string, chosen: boolean): void {
    const tools = this.form.controls.tools.value.filter((tool) => tool !== ref);
    this.form.controls.tools.setValue(chosen ? [...tools, ref] : tools);
    this.form.controls.tools.markAsDirty();
    this.toolsError.set(null);
  }

  protected icon(name: string): IconName {
    return builtInTool(name)?.icon ?? 'build';
  }

  protected toolName(name: string): string {
    const known = builtInTool(name);
    return known ? this.i18n.t(known.label) : name;
  }

  protected describe(name: string, fallback: string): string {
    return Object.hasOwn(TOOL_DESCRIPTIONS, name) ? this.i18n.t(TOOL_DESCRIPTIONS[name]!) : fallback;
  }

  protected missingName(ref: string): string {
    return parseMcpRef(ref)?.toolName ?? ref;
  }

  protected addStarter(value = ''): void {
    if (this.form.controls.starters.length < MAX_STARTERS) this.form.controls.starters.push(this.fb.control(value));
  }

  protected removeStarter(index: number): void {
    this.form.controls.starters.removeAt(index);
  }

  protected submit(): void {
    this.submission.submit(this.form, () => this.save(), {
      leaves: true,
      messageWithFieldErrors: true,
      saved: (agent) => void this.router.navigate(['/agents', agent.id]),
      // Starters and tools are no controls of their own: their errors are shown under their lists.
      refused: (problem) => {
        const fieldError = (prefix: string) => Object.entries(problem.fieldErrors).find(([field]) => field.startsWith(prefix))?.[1] ?? null;
        this.starterError.set(fieldError('starters'));
        this.toolsError.set(fieldError('tools'));
      },
    });
  }

  private save(): Observable<AgentDto> {
    this.starterError.set(null);
    this.toolsError.set(null);
    const value = this.form.getRawValue();
    const body: AgentInputDto = {
      name: value.name.trim(),
      description: value.description.trim(),
      icon: value.icon.trim() || 'smart_toy',
      instructions: value.instructions,
      defaultModel: value.defaultModel,
      temperature: Number(value.temperature),
      starters: value.starters.map((starter) => starter.trim()).filter(Boolean),
      referenceNotes: value.referenceNotes,
      tools: value.tools,
      collectionIds: value.collectionIds,
      maxSteps: Number(value.maxSteps),
      timeLimitSeconds: Number(value.timeLimitSeconds),
    };
    const id = this.id();
    return id ? this.store.update(id, body) : this.store.create(body);
  }

  private fill(agent: AgentDto): void {
    if (!this.store.models().some((model) => model.id === agent.defaultModel)) this.unlistedModel.set(agent.defaultModel);
    this.form.controls.starters.clear();
    for (const starter of agent.starters.slice(0, MAX_STARTERS)) this.addStarter(starter);
    this.form.patchValue({
      name: agent.name,
      description: agent.description,
      icon: agent.icon,
      instructions: agent.instructions,
      defaultModel: agent.defaultModel,
      temperature: agent.temperature,
      referenceNotes: agent.referenceNotes,
      tools: agent.tools,
      collectionIds: agent.collectionIds,
      maxSteps: agent.maxSteps,
      timeLimitSeconds: agent.timeLimitSeconds,
    });
  }
}
