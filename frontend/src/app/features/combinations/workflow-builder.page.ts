import { CdkDrag, CdkDragHandle, CdkDropList, type CdkDragDrop } from '@angular/cdk/drag-drop';
import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, Injector, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import type { ExecuteWorkflowDto, HttpStepDto, PipedreamStepDto, StepSettingsDto, TransformStepDto, WorkflowBodyDto, WorkflowInputDefDto, WorkflowStepDto } from '../../api/models';
import { toApiProblem, type ApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { pickMediaFile, type MediaPickerData } from '../../shared/media/media-picker-dialog';
import { LABELS } from './combination-labels';
import { CombinationRunStore } from './combination-run.store';
import { CombinationsStore } from './combinations.store';
import { RunSteps } from './run-steps';
import {
  CHAT_KINDS,
  GENERATION_KINDS,
  addHeader,
  changeHeader,
  headerRows,
  removeHeader,
  HTTP_METHODS,
  INPUT_TYPES,
  MAX_STEPS,
  STEP_KINDS,
  TRANSFORM_OPERATIONS,
  copyWorkflow,
  earlierSteps,
  emptyWorkflow,
  insertAt,
  isParallelWithPrevious,
  moveStep,
  newStep,
  removeStep,
  setParallelWithPrevious,
  noErrors,
  splitFieldErrors,
  toWorkflowBody,
  variablesFor,
  type PlacedErrors,
  type StepKind,
} from './workflow-draft';

const MEDIA_INPUT_TEXTS: MediaPickerData['texts'] = { title: 'combinations.runForm.pickMedia', empty: 'combinations.runForm.noMedia', failed: 'combinations.runForm.mediaFailed' };

/** A model a step can pick, with whether it can run now. */
export interface StepModelOption {
  id: string;
  name: string;
  available: boolean;
  reason: string | null;
}

/** Where the variable menu inserts: a step's template field, or the value of its header row at that position. */
type TemplateField = 'prompt' | 'url' | 'body' | 'system' | { header: number };

/**
 * `/combinations/new` (optionally `?template=<id>`) and `/combinations/workflows/:id`: the builder
 * (inputs; steps added by kind, reordered by drag and drop, configured, grouped to run at once;
 * variables inserted from a menu), save, and a run form built from the inputs whose steps fill live.
 */
@Component({
  selector: 'wbx-workflow-builder-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    CdkDropList,
    CdkDrag,
    CdkDragHandle,
    NgTemplateOutlet,
    RouterLink,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    MatProgressSpinnerModule,
    MatSelectModule,
    MatTooltipModule,
    TranslatePipe,
    RunSteps,
  ],
  providers: [CombinationRunStore],
  templateUrl: './workflow-builder.page.html',
  styleUrl: './workflow-builder.page.scss',
})
export default class WorkflowBuilderPage {
  protected readonly labels = LABELS;
  protected readonly store = inject(CombinationsStore);
  protected readonly runs = inject(CombinationRunStore);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18nService);
  private readonly injector = inject(Injector);
  private readonly dialog = inject(MatDialog);

  /** From the route: a saved workflow's id. */
  readonly id = input<string>();
  /** From the query: the template to start from. */
  readonly template = input<string>();

  protected readonly kinds = STEP_KINDS;
  protected readonly inputTypes = INPUT_TYPES;
  protected readonly methods = HTTP_METHODS;
  protected readonly operations = TRANSFORM_OPERATIONS;
  protected readonly maxSteps = MAX_STEPS;

  protected readonly workflow = signal<WorkflowBodyDto>(emptyWorkflow());
  protected readonly savedId = signal<string | null>(null);
  protected readonly dirty = signal(false);
  protected readonly loading = signal(false);
  protected readonly saving = signal(false);
  protected readonly starting = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The server's 400, split by step, by input and the rest. */
  protected readonly problems = signal<PlacedErrors>(noErrors());
  /** The run form's values, by input name. */
  protected readonly values = signal<Partial<Record<string, string>>>({});

  protected readonly steps = computed(() => this.workflow().steps);
  protected readonly inputs = computed(() => this.workflow().inputs ?? []);
  protected readonly variables = computed(() => this.steps().map((_, index) => variablesFor(this.workflow(), index)));
  protected readonly parallel = computed(() => this.steps().map((_, index) => isParallelWithPrevious(this.steps(), index)));
  protected readonly headerRows = computed(() => this.steps().map((step) => headerRows(step.http?.headers)));
  protected readonly canAddHeader = computed(() => this.steps().map((step) => Object.keys(addHeader(step.http?.headers)).length > Object.keys(step.http?.headers ?? {}).length));
  /** The run form's media inputs chosen from the library: the file's name, by input name. */
  protected readonly pickedMedia = signal<Partial<Record<string, string>>>({});
  protected readonly earlier = computed(() => this.steps().map((_, index) => earlierSteps(this.steps(), index)));
  protected readonly chatOptions = computed<StepModelOption[]>(() => {
    this.i18n.language();
    return this.store.chatModels().map((model) => ({ id: model.id, name: model.name, available: model.available, reason: model.available ? null : (model.unavailableReason ?? this.i18n.t('combinations.model.noKey')) }));
  });
  protected readonly generationOptions = computed<Record<string, StepModelOption[]>>(() => {
    this.i18n.language();
    const byKind: Record<string, StepModelOption[]> = { image: [], speech: [], video: [] };
    for (const model of this.store.generationModels()) {
      byKind[model.kind]?.push({ id: model.id, name: model.name, available: model.available, reason: model.available ? null : (model.unavailableReason ?? this.i18n.t('combinations.model.noKey')) });
    }
    return byKind;
  });

  constructor() {
    this.store.loadCatalog();
    effect(() => {
      const id = this.id();
      const template = this.template();
      untracked(() => this.load(id, template));
    });
  }

  // ---- loading -------------------------------------------------------------------------------

  private load(id: string | undefined, templateId: string | undefined): void {
    this.error.set(null);
    this.runs.clear();
    if (id) {
      this.loading.set(true);
      this.store.get(id).subscribe({
        next: (saved) => {
          this.loading.set(false);
          this.reset(saved, saved.id);
        },
        error: (error: unknown) => {
          this.loading.set(false);
          this.showProblem(toApiProblem(error));
        },
      });
      return;
    }
    if (templateId) {
      const found = this.store.templates().find((template) => template.id === templateId);
      if (found) this.reset(found.workflow, null);
      else {
        this.loading.set(true);
        this.store.loadTemplates();
        const stop = effect(() => {
          if (this.store.templatesState() === 'loading') return;
          const template = this.store.templates().find((candidate) => candidate.id === templateId);
          untracked(() => {
            this.loading.set(false);
            if (template) this.reset(template.workflow, null);
            else this.error.set(this.i18n.t('combinations.templateNotFound'));
          });
          stop.destroy();
        }, { injector: this.injector });
      }
      return;
    }
    this.reset(emptyWorkflow(), null);
  }


  private reset(workflow: WorkflowBodyDto, id: string | null): void {
    const copy = copyWorkflow(workflow);
    this.workflow.set(copy);
    this.savedId.set(id);
    this.dirty.set(false);
    this.problems.set(noErrors());
    const values: Record<string, string> = {};
    for (const input of copy.inputs ?? []) values[input.name] = input.default === undefined ? '' : String(input.default);
    this.values.set(values);
  }

  // ---- editing -------------------------------------------------------------------------------

  private change(update: (workflow: WorkflowBodyDto) => WorkflowBodyDto): void {
    this.workflow.update(update);
    this.dirty.set(true);
  }

  protected setName(name: string): void {
    this.change((workflow) => ({ ...workflow, name }));
  }

  protected setDescription(description: string): void {
    this.change((workflow) => ({ ...workflow, description }));
  }

  protected addInput(): void {
    this.change((workflow) => {
      const inputs = workflow.inputs ?? [];
      let n = inputs.length + 1;
      while (inputs.some((input) => input.name === `input${n}`)) n++;
      return { ...workflow, inputs: [...inputs, { name: `input${n}`, type: 'text', required: false }] };
    });
  }

  protected updateInput(index: number, patch: Partial<WorkflowInputDefDto>): void {
    const before = this.inputs()[index]?.name;
    this.change((workflow) => ({ ...workflow, inputs: (workflow.inputs ?? []).map((input, i) => (i === index ? { ...input, ...patch } : input)) }));
    if (patch.name !== undefined && before !== undefined && before !== patch.name) {
      this.values.update((values) => {
        const { [before]: value, ...rest } = values;
        return { ...rest, [patch.name!]: value ?? '' };
      });
    }
  }

  protected setChoices(index: number, text: string): void {
    this.updateInput(index, { choices: text.split(',').map((choice) => choice.trim()) });
  }

  protected removeInput(index: number): void {
    this.change((workflow) => ({ ...workflow, inputs: (workflow.inputs ?? []).filter((_, i) => i !== index) }));
  }

  protected addStep(kind: StepKind): void {
    if (this.steps().length >= MAX_STEPS) return;
    this.change((workflow) => ({ ...workflow, steps: [...workflow.steps, newStep(workflow.steps, kind, this.defaultModel(kind))] }));
  }

  protected removeStep(index: number): void {
    this.change((workflow) => ({ ...workflow, steps: removeStep(workflow.steps, index) }));
  }

  protected drop(event: CdkDragDrop<unknown>): void {
    this.move(event.previousIndex, event.currentIndex);
  }

  protected move(from: number, to: number): void {
    if (to < 0 || to >= this.steps().length) return;
    this.change((workflow) => ({ ...workflow, steps: moveStep(workflow.steps, from, to) }));
  }

  protected setParallel(index: number, parallel: boolean): void {
    this.change((workflow) => ({ ...workflow, steps: setParallelWithPrevious(workflow.steps, index, parallel) }));
  }

  protected updateStep(index: number, patch: Partial<WorkflowStepDto>): void {
    this.change((workflow) => ({ ...workflow, steps: workflow.steps.map((step, i) => (i === index ? { ...step, ...patch } : step)) }));
  }

  protected updateHttp(index: number, patch: Partial<HttpStepDto>): void {
    const step = this.steps()[index];
    this.updateStep(index, { http: { url: '', ...step?.http, ...patch } });
  }

  protected updatePipedream(index: number, patch: Partial<PipedreamStepDto>): void {
    const step = this.steps()[index];
    this.updateStep(index, { pipedream: { workflow: '', ...step?.pipedream, ...patch } });
  }

  protected addHeaderRow(index: number): void {
    this.updateHttp(index, { headers: addHeader(this.steps()[index]?.http?.headers) });
  }

  protected changeHeaderRow(index: number, position: number, patch: { name?: string; value?: string }): void {
    this.updateHttp(index, { headers: changeHeader(this.steps()[index]?.http?.headers, position, patch) });
  }

  protected removeHeaderRow(index: number, position: number): void {
    this.updateHttp(index, { headers: removeHeader(this.steps()[index]?.http?.headers, position) });
  }

  protected updateTransform(index: number, patch: Partial<TransformStepDto>): void {
    const step = this.steps()[index];
    this.updateStep(index, { transform: { operation: 'template', ...step?.transform, ...patch } });
  }

  protected updateSettings(index: number, patch: Partial<StepSettingsDto>): void {
    const step = this.steps()[index];
    const settings: StepSettingsDto = { ...step?.settings, ...patch };
    for (const key of Object.keys(settings) as (keyof StepSettingsDto)[]) if (settings[key] === '' || settings[key] === undefined) delete settings[key];
    this.updateStep(index, { settings });
  }

  /** Inserts a variable at the caret of a step's template field. */
  protected insertVariable(index: number, field: TemplateField, token: string, element: HTMLTextAreaElement | HTMLInputElement): void {
    const { value, caret } = insertAt(element.value, token, element.selectionStart ?? element.value.length, element.selectionEnd ?? element.value.length);
    if (typeof field === 'object') this.changeHeaderRow(index, field.header, { value });
    else if (field === 'prompt') this.updateStep(index, { prompt: value });
    else if (field === 'url') this.updateHttp(index, { url: value });
    else if (field === 'body') this.updateHttp(index, { body: value });
    else this.updateSettings(index, { systemPrompt: value });
    element.value = value;
    element.focus();
    element.setSelectionRange(caret, caret);
  }

  protected modelOptions(kind: StepKind): StepModelOption[] {
    if (CHAT_KINDS.includes(kind)) return this.chatOptions();
    if (GENERATION_KINDS.includes(kind)) return this.generationOptions()[kind] ?? [];
    return [];
  }

  /** A model the step names that the lists do not have (or no longer offer). */
  protected unlisted(step: WorkflowStepDto): boolean {
    return !!step.model && this.modelOptions(step.kind).length > 0 && !this.modelOptions(step.kind).some((model) => model.id === step.model);
  }

  protected modelName(step: WorkflowStepDto): string | null {
    return this.modelOptions(step.kind).find((model) => model.id === step.model)?.name ?? step.model ?? null;
  }

  protected modelUnavailable(step: WorkflowStepDto): string | null {
    return this.modelOptions(step.kind).find((model) => model.id === step.model && !model.available)?.reason ?? null;
  }

  private defaultModel(kind: StepKind): string | undefined {
    if (kind === 'agent') return undefined;
    const options = this.modelOptions(kind).filter((model) => model.available);
    return (options.find((model) => model.id.startsWith('local/')) ?? options[0])?.id;
  }

  // ---- saving --------------------------------------------------------------------------------

  protected save(): void {
    if (this.saving()) return;
    this.saving.set(true);
    this.error.set(null);
    this.problems.set(noErrors());
    this.store.save(toWorkflowBody(this.workflow()), this.savedId()).subscribe({
      next: (saved) => {
        this.saving.set(false);
        const wasNew = !this.savedId();
        this.savedId.set(saved.id);
        this.dirty.set(false);
        this.snackBar.open(this.i18n.t('combinations.saved'), undefined, { duration: 3000 });
        if (wasNew) void this.router.navigate(['/combinations/workflows', saved.id], { replaceUrl: true });
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.showProblem(toApiProblem(error));
      },
    });
  }

  // ---- running -------------------------------------------------------------------------------

  protected setValue(name: string, value: string): void {
    this.values.update((values) => ({ ...values, [name]: value }));
    this.pickedMedia.update(({ [name]: _, ...rest }) => rest);
  }

  /** A media input's file, chosen from the library (its id is what the run receives). */
  protected pickMedia(name: string): void {
    pickMediaFile(this.dialog, { files: this.store.mediaFiles(), selectedId: this.values()[name] || null, texts: MEDIA_INPUT_TEXTS }).subscribe((file) => {
      if (!file) return;
      this.setValue(name, file.id);
      this.pickedMedia.update((picked) => ({ ...picked, [name]: file.name }));
    });
  }

  protected execute(): void {
    if (this.starting()) return;
    this.starting.set(true);
    this.error.set(null);
    this.problems.set(noErrors());
    const inputs: Record<string, string | number> = {};
    for (const input of this.inputs()) {
      const value = this.values()[input.name] ?? '';
      if (value === '') continue;
      inputs[input.name] = input.type === 'number' && !Number.isNaN(Number(value)) ? Number(value) : value;
    }
    const id = this.savedId();
    const body: ExecuteWorkflowDto = id && !this.dirty() ? { workflowId: id, inputs } : { workflow: toWorkflowBody(this.workflow()), inputs };
    this.runs.execute(body).subscribe({
      next: () => this.starting.set(false),
      error: (error: unknown) => {
        this.starting.set(false);
        this.showProblem(toApiProblem(error));
      },
    });
  }

  protected cancel(): void {
    this.runs.cancel().subscribe({ error: (error: unknown) => this.showProblem(toApiProblem(error)) });
  }

  protected rerun(stepId: string): void {
    this.starting.set(true);
    this.runs.rerun(stepId).subscribe({
      next: () => this.starting.set(false),
      error: (error: unknown) => {
        this.starting.set(false);
        this.showProblem(toApiProblem(error));
      },
    });
  }

  /** A refusal: its field messages beside their step or input, the rest in the banner. */
  private showProblem(problem: ApiProblem): void {
    const split = splitFieldErrors(problem.fieldErrors);
    this.problems.set(split);
    const placed = Object.keys(split.steps).length + Object.keys(split.inputs).length + Object.keys(split.values).length;
    const message = problem.message ?? this.i18n.t('common.unexpectedError');
    this.error.set(placed && !split.other.length ? this.i18n.t('combinations.fixErrors') : [message, ...split.other.filter((other) => other !== message)].join(' '));
  }
}
