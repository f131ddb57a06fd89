import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { GenerateEbookDto } from '../../api/models';
import { FormSubmission } from '../../core/http/form-submission';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { jobStarted, keepDraft, keepModelChosen, oneTicked, wholeNumberWithin } from './generation-form';
import { CONTENT_LANGUAGES, EBOOK_CHAPTERS, EBOOK_TONES, OFFLINE_DEFAULTS, languageName, modelsOfKind, notBlank } from './generation-options';
import { GenerationStore } from './generation.store';
import { KeyNote } from './key-note';
import { ModelSelect } from './model-select';

type Tone = (typeof EBOOK_TONES)[number];

/** The eBooks tab's form: a chat model writes the outline and chapters, an image model draws the cover; PDF, EPUB or both. */
@Component({
  selector: 'wbx-ebook-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, TranslatePipe, ModelSelect, KeyNote],
  templateUrl: './ebook-form.html',
  styleUrl: './generation-form.scss',
})
export class EbookForm {
  private readonly store = inject(GenerationStore);
  private readonly i18n = inject(I18nService);
  protected readonly submission = new FormSubmission();
  private readonly started = jobStarted();
  protected readonly chapters = EBOOK_CHAPTERS;
  protected readonly tones = EBOOK_TONES;

  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly form = this.fb.group({
    title: ['', [Validators.required, notBlank, Validators.maxLength(200)]],
    subject: ['', [Validators.required, notBlank, Validators.maxLength(2000)]],
    chapters: [5, wholeNumberWithin(() => EBOOK_CHAPTERS)],
    tone: this.fb.control<Tone>('informative'),
    language: [this.i18n.language() as string],
    textModel: ['', Validators.required],
    coverModel: ['', Validators.required],
    formats: this.fb.group({ pdf: [true], epub: [true] }, { validators: oneTicked }),
  });

  protected readonly textModels = this.store.textModels;
  protected readonly coverModels = computed(() => modelsOfKind(this.store.models(), 'image'));
  protected readonly someLocked = computed(() => [...this.textModels(), ...this.coverModels()].some((model) => !model.available));
  protected readonly languages = computed(() => CONTENT_LANGUAGES.map((code) => ({ code, name: languageName(code, this.i18n.locale()) })));

  constructor() {
    keepDraft('ebook', this.form);
    keepModelChosen(this.textModels, this.form.controls.textModel, OFFLINE_DEFAULTS.text);
    keepModelChosen(this.coverModels, this.form.controls.coverModel, OFFLINE_DEFAULTS.image);
  }

  protected toneKey(tone: Tone): MessageKey {
    return `generation.tone.${tone}`;
  }

  protected submit(): void {
    this.submission.submit(this.form, () => {
      const value = this.form.getRawValue();
      const body: GenerateEbookDto = {
        title: value.title.trim(),
        subject: value.subject.trim(),
        chapters: Number(value.chapters),
        tone: value.tone,
        language: value.language,
        textModel: value.textModel,
        coverModel: value.coverModel,
        formats: (['pdf', 'epub'] as const).filter((format) => value.formats[format]),
      };
      return this.store.generate({ kind: 'ebook', body });
    }, this.started);
  }
}
