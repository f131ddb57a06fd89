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
import type { AgentDto, AgentInputDto, McpToolDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { applyFieldErrors } from '../../core/http/form-errors';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { builtInTool } from '../../shared/chat/tool-step';
import { parseMcpRef } from './agent-tools';
import { AgentsStore } from './agents.store';

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
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressSpinnerModule, MatSelectModule, TranslatePipe],
  template: `
    <a mat-button routerLink="/agents" class="back"><mat-icon>arrow_back</mat-icon>{{ 'agents.back' | t }}</a>
    <h1>{{ (id() ? 'agents.editor.editTitle' : 'agents.editor.newTitle') | t }}</h1>
    @if (error(); as message) {
      <div class="wbx-error-banner" role="alert" data-testid="agent-form-error">{{ message }}</div>
    }
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate data-testid="agent-form">
      <div class="row">
        <mat-form-field appearance="outline">
          <mat-label>{{ 'agents.field.name' | t }}</mat-label>
          <input matInput formControlName="name" required />
          @if (form.controls.name.hasError('server')) {
            <mat-error>{{ form.controls.name.getError('server') }}</mat-error>
          } @else if (form.controls.name.hasError('required')) {
            <mat-error>{{ 'validation.required' | t }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline" class="icon-field wrap-hint" subscriptSizing="dynamic">
          <mat-label>{{ 'agents.field.icon' | t }}</mat-label>
          <mat-icon matPrefix>{{ form.controls.icon.value || 'smart_toy' }}</mat-icon>
          <input matInput formControlName="icon" />
          <mat-hint>{{ 'agents.field.iconHint' | t }}</mat-hint>
          @if (form.controls.icon.hasError('server')) {
            <mat-error>{{ form.controls.icon.getError('server') }}</mat-error>
          }
        </mat-form-field>
      </div>
      <mat-form-field appearance="outline">
        <mat-label>{{ 'agents.field.description' | t }}</mat-label>
        <input matInput formControlName="description" />
        @if (form.controls.description.hasError('server')) {
          <mat-error>{{ form.controls.description.getError('server') }}</mat-error>
        }
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ 'agents.field.instructions' | t }}</mat-label>
        <textarea matInput formControlName="instructions" rows="8" required></textarea>
        @if (form.controls.instructions.hasError('server')) {
          <mat-error>{{ form.controls.instructions.getError('server') }}</mat-error>
        } @else if (form.controls.instructions.hasError('required')) {
          <mat-error>{{ 'validation.required' | t }}</mat-error>
        }
      </mat-form-field>
      <div class="row">
        <mat-form-field appearance="outline">
          <mat-label>{{ 'agents.field.defaultModel' | t }}</mat-label>
          <mat-select formControlName="defaultModel" required data-testid="agent-default-model">
            @for (option of store.models(); track option.id) {
              <mat-option [value]="option.id" [attr.data-model]="option.id">{{ option.name }} · {{ option.providerLabel }}</mat-option>
            }
            @if (unlistedModel(); as unlisted) {
              <mat-option [value]="unlisted">{{ unlisted }}</mat-option>
            }
          </mat-select>
          @if (form.controls.defaultModel.hasError('server')) {
            <mat-error>{{ form.controls.defaultModel.getError('server') }}</mat-error>
          } @else if (form.controls.defaultModel.hasError('required')) {
            <mat-error>{{ 'validation.required' | t }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>{{ 'agents.field.temperature' | t }}</mat-label>
          <input matInput type="number" min="0" max="2" step="0.1" formControlName="temperature" />
          @if (form.controls.temperature.hasError('server')) {
            <mat-error>{{ form.controls.temperature.getError('server') }}</mat-error>
          } @else if (form.controls.temperature.invalid) {
            <mat-error>{{ 'agents.field.temperatureRange' | t }}</mat-error>
          }
        </mat-form-field>
      </div>
      <fieldset formArrayName="starters">
        <legend>{{ 'agents.field.starters' | t: { max: maxStarters } }}</legend>
        @for (control of form.controls.starters.controls; track control; let i = $index) {
          <div class="starter">
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ 'agents.field.starter' | t: { index: i + 1 } }}</mat-label>
              <input matInput [formControlName]="i" />
            </mat-form-field>
            <button mat-icon-button type="button" (click)="removeStarter(i)" [attr.aria-label]="'common.delete' | t"><mat-icon>close</mat-icon></button>
          </div>
        }
        @if (starterError(); as message) {
          <mat-error>{{ message }}</mat-error>
        }
        @if (form.controls.starters.length < maxStarters) {
          <button mat-button type="button" (click)="addStarter()"><mat-icon>add</mat-icon>{{ 'agents.field.addStarter' | t }}</button>
        }
      </fieldset>
      <mat-form-field appearance="outline" class="wrap-hint" subscriptSizing="dynamic">
        <mat-label>{{ 'agents.field.referenceNotes' | t }} ({{ 'common.optional' | t }})</mat-label>
        <textarea matInput formControlName="referenceNotes" rows="4"></textarea>
        <mat-hint>{{ 'agents.field.referenceNotesHint' | t }}</mat-hint>
        @if (form.controls.referenceNotes.hasError('server')) {
          <mat-error>{{ form.controls.referenceNotes.getError('server') }}</mat-error>
        }
      </mat-form-field>
      <fieldset class="tools" data-testid="agent-tools">
        <legend>{{ 'agents.tools.title' | t }}</legend>
        <p class="section-hint">{{ 'agents.tools.hint' | t }}</p>
        @switch (store.toolsState()) {
          @case ('loading') {
            <mat-spinner diameter="24" [attr.aria-label]="'common.loading' | t" />
          }
          @case ('failed') {
            <div class="wbx-error-banner" role="alert">
              {{ 'agents.tools.loadFailed' | t }}
              <button mat-button type="button" (click)="store.loadTools()">{{ 'common.retry' | t }}</button>
            </div>
          }
          @default {
            <div class="tool-list" role="group" [attr.aria-label]="'agents.tools.builtIn' | t">
              @for (tool of store.tools().builtIns; track tool.name) {
                <mat-checkbox [checked]="isChosen(tool.name)" (change)="choose(tool.name, $event.checked)" [attr.data-tool]="tool.name" data-testid="agent-tool">
                  <span class="tool-label"><mat-icon aria-hidden="true">{{ icon(tool.name) }}</mat-icon>{{ toolName(tool.name) }}</span>
                  <span class="tool-description">{{ describe(tool.name, tool.description) }}</span>
                </mat-checkbox>
              }
            </div>
            <h3 class="group-title">{{ 'agents.tools.mcp' | t }}</h3>
            @for (group of mcpGroups(); track group.serverId) {
              <div class="tool-list" role="group" [attr.aria-label]="group.serverName" [attr.data-server]="group.serverId">
                <h4 class="server">
                  <mat-icon aria-hidden="true">dns</mat-icon>{{ group.serverName }}
                  @if (group.shared) {
                    <span class="badge">{{ 'agents.tools.shared' | t }}</span>
                  }
                </h4>
                @for (tool of group.tools; track tool.ref) {
                  <mat-checkbox [checked]="isChosen(tool.ref)" (change)="choose(tool.ref, $event.checked)" [attr.data-tool]="tool.ref" data-testid="agent-tool">
                    <span class="tool-label"><mat-icon aria-hidden="true">extension</mat-icon>{{ tool.name }}</span>
                    @if (tool.description) {
                      <span class="tool-description">{{ tool.description }}</span>
                    }
                  </mat-checkbox>
                }
              </div>
            } @empty {
              <p class="section-hint">{{ 'agents.tools.mcpEmpty' | t }} <a routerLink="/profile">{{ 'agents.tools.mcpAdd' | t }}</a></p>
            }
            @if (missingTools().length) {
              <div class="tool-list" role="group" [attr.aria-label]="'agents.tools.missingTitle' | t">
                <h4 class="server">{{ 'agents.tools.missingTitle' | t }}</h4>
                @for (ref of missingTools(); track ref) {
                  <mat-checkbox [checked]="true" (change)="choose(ref, $event.checked)" [attr.data-tool]="ref" data-testid="agent-tool">
                    <span class="tool-label"><mat-icon aria-hidden="true">extension_off</mat-icon>{{ missingName(ref) }}</span>
                    <span class="tool-description">{{ 'agents.tools.missing' | t }}</span>
                  </mat-checkbox>
                }
              </div>
            }
          }
        }
        @if (toolsError(); as message) {
          <mat-error>{{ message }}</mat-error>
        }
      </fieldset>
      <fieldset class="knowledge" data-testid="agent-knowledge">
        <legend>{{ 'agents.knowledge.title' | t }}</legend>
        <p class="section-hint">{{ 'agents.knowledge.hint' | t }}</p>
        @if (store.collectionsState() === 'failed') {
          <div class="wbx-error-banner" role="alert">
            {{ 'agents.knowledge.loadFailed' | t }}
            <button mat-button type="button" (click)="store.loadCollections()">{{ 'common.retry' | t }}</button>
          </div>
        }
        <mat-form-field appearance="outline" class="wrap-hint" subscriptSizing="dynamic">
          <mat-label>{{ 'agents.knowledge.collections' | t }}</mat-label>
          <mat-select formControlName="collectionIds" multiple [placeholder]="'agents.knowledge.all' | t" data-testid="agent-collections">
            @for (collection of store.collections(); track collection.id) {
              <mat-option [value]="collection.id" [attr.data-collection]="collection.id">{{ collection.name }}</mat-option>
            }
            @for (id of unlistedCollections(); track id) {
              <mat-option [value]="id">{{ 'agents.knowledge.unknown' | t }}</mat-option>
            }
          </mat-select>
          <mat-hint>{{ (collectionIds().length ? 'agents.knowledge.chosenHint' : 'agents.knowledge.allHint') | t: { max: maxCollections } }}</mat-hint>
          @if (form.controls.collectionIds.hasError('server')) {
            <mat-error>{{ form.controls.collectionIds.getError('server') }}</mat-error>
          }
        </mat-form-field>
        @if (store.collectionsState() === 'ready' && store.collections().length === 0) {
          <p class="section-hint">{{ 'agents.knowledge.empty' | t }} <a routerLink="/knowledge">{{ 'agents.knowledge.create' | t }}</a></p>
        }
        @if (!searchesKnowledge()) {
          <p class="section-hint warning" data-testid="agent-knowledge-off"><mat-icon aria-hidden="true">info</mat-icon>{{ 'agents.knowledge.needsTool' | t }}</p>
        }
      </fieldset>
      <fieldset class="limits">
        <legend>{{ 'agents.limits.title' | t }}</legend>
        <div class="row">
          <mat-form-field appearance="outline" class="wrap-hint" subscriptSizing="dynamic">
            <mat-label>{{ 'agents.limits.maxSteps' | t }}</mat-label>
            <input matInput type="number" [min]="steps.min" [max]="steps.max" step="1" formControlName="maxSteps" data-testid="agent-max-steps" />
            <mat-hint>{{ 'agents.limits.maxStepsHint' | t: steps }}</mat-hint>
            @if (form.controls.maxSteps.hasError('server')) {
              <mat-error>{{ form.controls.maxSteps.getError('server') }}</mat-error>
            } @else if (form.controls.maxSteps.invalid) {
              <mat-error>{{ 'agents.limits.range' | t: steps }}</mat-error>
            }
          </mat-form-field>
          <mat-form-field appearance="outline" class="wrap-hint" subscriptSizing="dynamic">
            <mat-label>{{ 'agents.limits.timeLimit' | t }}</mat-label>
            <input matInput type="number" [min]="timeLimit.min" [max]="timeLimit.max" step="1" formControlName="timeLimitSeconds" data-testid="agent-time-limit" />
            <span matTextSuffix>s</span>
            <mat-hint>{{ 'agents.limits.timeLimitHint' | t: timeLimit }}</mat-hint>
            @if (form.controls.timeLimitSeconds.hasError('server')) {
              <mat-error>{{ form.controls.timeLimitSeconds.getError('server') }}</mat-error>
            } @else if (form.controls.timeLimitSeconds.invalid) {
              <mat-error>{{ 'agents.limits.range' | t: timeLimit }}</mat-error>
            }
          </mat-form-field>
        </div>
      </fieldset>
      <div class="actions">
        <button mat-flat-button type="submit" [disabled]="submitting()" data-testid="agent-save">{{ 'common.save' | t }}</button>
        <a mat-button routerLink="/agents">{{ 'common.cancel' | t }}</a>
      </div>
    </form>
  `,
  styleUrl: './agent-editor.scss',
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
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);
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
      if (id) untracked(() => this.store.get(id).subscribe({ next: (agent) => this.fill(agent), error: (error: unknown) => this.error.set(toApiProblem(error).message ?? this.i18n.t('common.unexpectedError')) }));
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

  protected icon(name: string): string {
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
    if (this.submitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
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
    this.submitting.set(true);
    this.error.set(null);
    this.starterError.set(null);
    this.toolsError.set(null);
    (id ? this.store.update(id, body) : this.store.create(body)).subscribe({
      next: (agent) => void this.router.navigate(['/agents', agent.id]),
      error: (error: unknown) => {
        const problem = toApiProblem(error);
        applyFieldErrors(this.form, problem);
        const starters = Object.entries(problem.fieldErrors).find(([field]) => field.startsWith('starters'));
        this.starterError.set(starters?.[1] ?? null);
        this.toolsError.set(Object.entries(problem.fieldErrors).find(([field]) => field.startsWith('tools'))?.[1] ?? null);
        this.error.set(problem.message ?? this.i18n.t('common.unexpectedError'));
        this.submitting.set(false);
      },
    });
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
