import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { startWith } from 'rxjs';
import type { GenerateImageDto } from '../../api/models';
import { FormSubmission } from '../../core/http/form-submission';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { jobStarted, keepDraft } from './generation-form';
import { OFFLINE_DEFAULTS, defaultModelId, fitImageSettings, imageOptions, modelsOfKind, notBlank, unavailableNotes } from './generation-options';
import { GenerationStore } from './generation.store';
import { ModelSelect } from './model-select';

/** The Images tab's form: the options shown are the chosen model's (sizes, count, styles, negative prompt). */
@Component({
  selector: 'wbx-image-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, TranslatePipe, ModelSelect],
  templateUrl: './image-form.html',
  styleUrl: './generation-form.scss',
})
export class ImageForm {
  private readonly store = inject(GenerationStore);
  protected readonly i18n = inject(I18nService);
  protected readonly submission = new FormSubmission();
  private readonly started = jobStarted();

  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly form = this.fb.group({
    model: ['', Validators.required],
    prompt: ['', [Validators.required, notBlank, Validators.maxLength(4000)]],
    size: ['', Validators.required],
    count: [1],
    style: [''],
    negativePrompt: ['', Validators.maxLength(2000)],
    seed: this.fb.control<number | null>(null, [Validators.min(0), Validators.max(2_147_483_647), Validators.pattern(/^\d+$/)]),
  });

  protected readonly models = computed(() => modelsOfKind(this.store.models(), 'image'));
  protected readonly notes = computed(() => unavailableNotes(this.store.catalog(), ['image']));
  private readonly modelId = toSignal(this.form.controls.model.valueChanges.pipe(startWith(this.form.controls.model.value)), { requireSync: true });
  protected readonly model = computed(() => this.models().find((model) => model.id === this.modelId()));
  protected readonly options = computed(() => imageOptions(this.model()));

  constructor() {
    keepDraft('image', this.form);
    // A model from the catalogue (the offline one by default), and only the settings it supports.
    effect(() => {
      const models = this.models();
      const model = this.model();
      untracked(() => {
        const requested = this.store.takeRequestedModel(models);
        if (requested || (!model && models.length)) {
          this.form.controls.model.setValue(requested ?? defaultModelId(models, OFFLINE_DEFAULTS.image) ?? '');
          return;
        }
        if (model) this.form.patchValue(fitImageSettings(model, this.form.getRawValue()));
      });
    });
  }

  protected submit(): void {
    this.submission.submit(this.form, () => {
      const value = this.form.getRawValue();
      const body: GenerateImageDto = {
        model: value.model,
        prompt: value.prompt.trim(),
        size: value.size,
        count: Number(value.count),
        ...(value.style ? { style: value.style } : {}),
        ...(this.options().negativePrompt && value.negativePrompt.trim() ? { negativePrompt: value.negativePrompt.trim() } : {}),
        ...(value.seed !== null && String(value.seed) !== '' ? { seed: Number(value.seed) } : {}),
      };
      return this.store.generate({ kind: 'image', body });
    }, this.started);
  }
}
