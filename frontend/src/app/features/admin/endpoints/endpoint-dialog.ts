import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { AdminEndpointDto, EndpointModelInputDto } from '../../../api/models';
import { AdminService } from '../../../api/services';
import { toApiProblem } from '../../../core/http/api-error';
import { problemMessage } from '../../../core/http/problem-message';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TranslatePipe } from '../../../core/i18n/translate.pipe';

export interface EndpointDialogData {
  /** The endpoint to change; absent to add one. */
  endpoint?: AdminEndpointDto;
}

type ModelRow = FormGroup<{
  vendorModel: FormControl<string>;
  name: FormControl<string>;
  contextTokens: FormControl<number | null>;
  vision: FormControl<boolean>;
  inputPricePerMTok: FormControl<number | null>;
  outputPricePerMTok: FormControl<number | null>;
}>;

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
const VENDOR_MODEL = /^[A-Za-z0-9._:/@-]{1,200}$/;

/** A slug from a name: `Lab GPU (Ollama)` → `lab-gpu-ollama`. */
export const slugOf = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');

/**
 * Adds or changes an OpenAI-compatible endpoint: name, slug (fixed once saved: its models' ids hang on
 * it), base URL, key (never shown again: only whether there is one), and its models with their prices.
 * Saving checks the endpoint's model list unless "save without checking" is ticked; the dialog closes
 * with the saved endpoint (and what the check found), or stays open with the server's reason.
 */
@Component({
  selector: 'wbx-endpoint-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatCheckboxModule, MatDialogModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressBarModule, TranslatePipe],
  templateUrl: './endpoint-dialog.html',
  styleUrl: './endpoint-dialog.scss',
})
export class EndpointDialog {
  private readonly api = inject(AdminService);
  private readonly i18n = inject(I18nService);
  private readonly ref = inject<MatDialogRef<EndpointDialog, AdminEndpointDto>>(MatDialogRef);
  protected readonly data = inject<EndpointDialogData>(MAT_DIALOG_DATA);
  protected readonly editing = !!this.data.endpoint;
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = new FormGroup({
    name: new FormControl(this.data.endpoint?.name ?? '', { nonNullable: true, validators: [Validators.required, Validators.maxLength(120)] }),
    slug: new FormControl({ value: this.data.endpoint?.slug ?? '', disabled: this.editing }, { nonNullable: true, validators: [Validators.required, Validators.pattern(SLUG)] }),
    baseUrl: new FormControl(this.data.endpoint?.baseUrl ?? '', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^https?:\/\/\S+$/), Validators.maxLength(500)] }),
    apiKey: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(500)] }),
    removeKey: new FormControl(false, { nonNullable: true }),
    skipCheck: new FormControl(false, { nonNullable: true }),
    models: new FormArray<ModelRow>([]),
  });

  constructor() {
    for (const model of this.data.endpoint?.models ?? []) this.addModel(model);
    if (!this.form.controls.models.length) this.addModel();
  }

  protected get models(): FormArray<ModelRow> {
    return this.form.controls.models;
  }

  /** While adding, the slug follows the name until the admin edits it. */
  protected nameChanged(): void {
    const slug = this.form.controls.slug;
    if (!this.editing && !slug.dirty) slug.setValue(slugOf(this.form.controls.name.value));
  }

  protected addModel(model?: Partial<EndpointModelInputDto>): void {
    this.models.push(
      new FormGroup({
        vendorModel: new FormControl(model?.vendorModel ?? '', { nonNullable: true, validators: [Validators.required, Validators.pattern(VENDOR_MODEL)] }),
        name: new FormControl(model?.name ?? '', { nonNullable: true, validators: [Validators.required, Validators.maxLength(120)] }),
        contextTokens: new FormControl<number | null>(model?.contextTokens ?? null, { validators: [Validators.min(1), Validators.max(10_000_000)] }),
        vision: new FormControl(model?.vision ?? false, { nonNullable: true }),
        inputPricePerMTok: new FormControl<number | null>(model?.inputPricePerMTok ?? 0, { validators: [Validators.min(0), Validators.max(10_000)] }),
        outputPricePerMTok: new FormControl<number | null>(model?.outputPricePerMTok ?? 0, { validators: [Validators.min(0), Validators.max(10_000)] }),
      }),
    );
  }

  protected removeModel(index: number): void {
    this.models.removeAt(index);
  }

  protected save(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || !this.models.length || this.saving()) return;
    const value = this.form.getRawValue();
    const models: EndpointModelInputDto[] = value.models.map((row) => ({
      vendorModel: row.vendorModel.trim(),
      name: row.name.trim(),
      contextTokens: row.contextTokens || null,
      vision: row.vision,
      inputPricePerMTok: row.inputPricePerMTok ?? 0,
      outputPricePerMTok: row.outputPricePerMTok ?? 0,
    }));
    const key = value.apiKey.trim();
    this.saving.set(true);
    this.error.set(null);
    const call = this.data.endpoint
      ? this.api.updateAdminEndpoint({
          id: this.data.endpoint.id,
          body: { name: value.name.trim(), baseUrl: value.baseUrl.trim(), models, skipCheck: value.skipCheck, ...(value.removeKey ? { apiKey: null } : key ? { apiKey: key } : {}) },
        })
      : this.api.createAdminEndpoint({ body: { name: value.name.trim(), slug: value.slug, baseUrl: value.baseUrl.trim(), models, skipCheck: value.skipCheck, ...(key ? { apiKey: key } : {}) } });
    call.subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.ref.close(saved);
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.error.set(problemMessage(this.i18n, toApiProblem(error)));
      },
    });
  }
}
