import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormArray, FormBuilder, FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import type { AgentDto, AgentInputDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { applyFieldErrors } from '../../core/http/form-errors';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { AgentsStore } from './agents.store';

export const MAX_STARTERS = 3;

/** `/agents/new` and `/agents/:id/edit`: a custom agent's definition. */
@Component({
  selector: 'wbx-agent-editor-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, TranslatePipe],
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
        <mat-form-field appearance="outline" class="icon-field">
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
          <mat-select formControlName="defaultModel" required>
            @for (option of store.models(); track option.id) {
              <mat-option [value]="option.id">{{ option.name }} · {{ option.providerLabel }}</mat-option>
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
      <mat-form-field appearance="outline">
        <mat-label>{{ 'agents.field.referenceNotes' | t }} ({{ 'common.optional' | t }})</mat-label>
        <textarea matInput formControlName="referenceNotes" rows="4"></textarea>
        <mat-hint>{{ 'agents.field.referenceNotesHint' | t }}</mat-hint>
        @if (form.controls.referenceNotes.hasError('server')) {
          <mat-error>{{ form.controls.referenceNotes.getError('server') }}</mat-error>
        }
      </mat-form-field>
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
  });

  constructor() {
    this.store.loadModels();
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
    };
    const id = this.id();
    this.submitting.set(true);
    this.error.set(null);
    this.starterError.set(null);
    (id ? this.store.update(id, body) : this.store.create(body)).subscribe({
      next: (agent) => void this.router.navigate(['/agents', agent.id]),
      error: (error: unknown) => {
        const problem = toApiProblem(error);
        applyFieldErrors(this.form, problem);
        const starters = Object.entries(problem.fieldErrors).find(([field]) => field.startsWith('starters'));
        this.starterError.set(starters?.[1] ?? null);
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
    });
  }
}
