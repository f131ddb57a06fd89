import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { startWith } from 'rxjs';
import type { GenerateShortDto } from '../../api/models';
import { FormSubmission } from '../../core/http/form-submission';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { jobStarted, keepDraft, keepModelChosen, wholeNumberWithin } from './generation-form';
import { ASPECT_RATIOS, CONTENT_LANGUAGES, OFFLINE_DEFAULTS, SHORT_SECONDS, defaultModelId, fitVoice, languageName, modelsOfKind, notBlank, type AspectRatio } from './generation-options';
import { GenerationStore } from './generation.store';
import { KeyNote } from './key-note';
import { ModelSelect } from './model-select';

/** The Shorts tab's form: a script by a chat model, pictures by an image model, a voice-over by a speech model. */
@Component({
  selector: 'wbx-short-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatButtonToggleModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, TranslatePipe, ModelSelect, KeyNote],
  templateUrl: './short-form.html',
  styleUrl: './generation-form.scss',
})
export class ShortForm {
  private readonly store = inject(GenerationStore);
  private readonly i18n = inject(I18nService);
  protected readonly submission = new FormSubmission();
  private readonly started = jobStarted();
  protected readonly seconds = SHORT_SECONDS;
  protected readonly formats = ASPECT_RATIOS;

  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly form = this.fb.group({
    subject: ['', [Validators.required, notBlank, Validators.maxLength(500)]],
    durationSeconds: [30, wholeNumberWithin(() => SHORT_SECONDS)],
    format: this.fb.control<AspectRatio>('9:16'),
    textModel: ['', Validators.required],
    imageModel: ['', Validators.required],
    speechModel: ['', Validators.required],
    voice: ['', Validators.required],
    language: [this.i18n.language() as string],
  });

  protected readonly textModels = this.store.textModels;
  protected readonly imageModels = computed(() => modelsOfKind(this.store.models(), 'image'));
  protected readonly speechModels = computed(() => modelsOfKind(this.store.models(), 'speech'));
  private readonly speechModelId = toSignal(this.form.controls.speechModel.valueChanges.pipe(startWith(this.form.controls.speechModel.value)), { requireSync: true });
  protected readonly speechModel = computed(() => this.speechModels().find((model) => model.id === this.speechModelId()));
  protected readonly voices = computed(() => this.speechModel()?.voices ?? []);
  protected readonly someLocked = computed(() => [...this.textModels(), ...this.imageModels(), ...this.speechModels()].some((model) => !model.available));
  protected readonly languages = computed(() => CONTENT_LANGUAGES.map((code) => ({ code, name: languageName(code, this.i18n.locale()) })));

  constructor() {
    keepDraft('short', this.form);
    keepModelChosen(this.textModels, this.form.controls.textModel, OFFLINE_DEFAULTS.text);
    keepModelChosen(this.imageModels, this.form.controls.imageModel, OFFLINE_DEFAULTS.image);
    effect(() => {
      const models = this.speechModels();
      const model = this.speechModel();
      untracked(() => {
        if (!model && models.length) this.form.controls.speechModel.setValue(defaultModelId(models, OFFLINE_DEFAULTS.speech) ?? '');
        else if (model) this.form.controls.voice.setValue(fitVoice(model, this.form.controls.voice.value));
      });
    });
  }

  protected submit(): void {
    this.submission.submit(this.form, () => {
      const value = this.form.getRawValue();
      const body: GenerateShortDto = {
        subject: value.subject.trim(),
        durationSeconds: Number(value.durationSeconds),
        format: value.format,
        voice: value.voice,
        language: value.language,
        textModel: value.textModel,
        imageModel: value.imageModel,
        speechModel: value.speechModel,
      };
      return this.store.generate({ kind: 'short', body });
    }, this.started);
  }
}
