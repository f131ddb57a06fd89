import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { startWith } from 'rxjs';
import type { GenerateAudioDto } from '../../api/models';
import { FormSubmission } from '../../core/http/form-submission';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { jobStarted, keepDraft, wholeNumberWithin } from './generation-form';
import { CONTENT_LANGUAGES, MUSIC_SECONDS, OFFLINE_DEFAULTS, defaultModelId, durationBounds, fitDuration, fitVoice, languageName, modelsOfKind, notBlank, unavailableNotes } from './generation-options';
import { GenerationStore } from './generation.store';
import { ModelSelect } from './model-select';

export type AudioMode = GenerateAudioDto['kind'];

/** The Audio tab's form: speech (text, voice, language) or music (prompt, duration), each with the chosen model's options. */
@Component({
  selector: 'wbx-audio-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatButtonToggleModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, TranslatePipe, ModelSelect],
  templateUrl: './audio-form.html',
  styleUrl: './generation-form.scss',
})
export class AudioForm {
  private readonly store = inject(GenerationStore);
  private readonly i18n = inject(I18nService);
  protected readonly submission = new FormSubmission();
  private readonly started = jobStarted();

  /** The music model's duration bounds, read by the duration's validator. */
  private readonly limits = signal(durationBounds(undefined, MUSIC_SECONDS));
  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly form = this.fb.group({
    kind: this.fb.control<AudioMode>('speech'),
    speech: this.fb.group({
      model: ['', Validators.required],
      text: ['', [Validators.required, notBlank, Validators.maxLength(5000)]],
      voice: ['', Validators.required],
      language: [this.i18n.language() as string],
    }),
    music: this.fb.group({
      model: ['', Validators.required],
      prompt: ['', [Validators.required, notBlank, Validators.maxLength(2000)]],
      durationSeconds: [10, wholeNumberWithin(() => this.limits())],
    }),
  });
  protected readonly speech = this.form.controls.speech.controls;
  protected readonly music = this.form.controls.music.controls;

  protected readonly mode = toSignal(this.form.controls.kind.valueChanges.pipe(startWith(this.form.controls.kind.value)), { requireSync: true });
  protected readonly speechModels = computed(() => modelsOfKind(this.store.models(), 'speech'));
  protected readonly musicModels = computed(() => modelsOfKind(this.store.models(), 'music'));
  protected readonly speechNotes = computed(() => unavailableNotes(this.store.catalog(), ['speech']));
  protected readonly musicNotes = computed(() => unavailableNotes(this.store.catalog(), ['music']));
  private readonly speechModelId = toSignal(this.speech.model.valueChanges.pipe(startWith(this.speech.model.value)), { requireSync: true });
  private readonly musicModelId = toSignal(this.music.model.valueChanges.pipe(startWith(this.music.model.value)), { requireSync: true });
  protected readonly speechModel = computed(() => this.speechModels().find((model) => model.id === this.speechModelId()));
  protected readonly musicModel = computed(() => this.musicModels().find((model) => model.id === this.musicModelId()));
  protected readonly voices = computed(() => this.speechModel()?.voices ?? []);
  protected readonly duration = computed(() => durationBounds(this.musicModel(), MUSIC_SECONDS));
  protected readonly languages = computed(() => CONTENT_LANGUAGES.map((code) => ({ code, name: languageName(code, this.i18n.locale()) })));

  constructor() {
    keepDraft('audio', this.form);
    effect(() => {
      const models = this.speechModels();
      const model = this.speechModel();
      untracked(() => {
        const requested = this.store.takeRequestedModel(models);
        if (requested) this.form.controls.kind.setValue('speech');
        if (requested || (!model && models.length)) this.speech.model.setValue(requested ?? defaultModelId(models, OFFLINE_DEFAULTS.speech) ?? '');
        else if (model) this.speech.voice.setValue(fitVoice(model, this.speech.voice.value));
      });
    });
    effect(() => {
      const models = this.musicModels();
      const model = this.musicModel();
      untracked(() => {
        const requested = this.store.takeRequestedModel(models);
        if (requested) this.form.controls.kind.setValue('music');
        if (requested || (!model && models.length)) {
          this.music.model.setValue(requested ?? defaultModelId(models, OFFLINE_DEFAULTS.music) ?? '');
          return;
        }
        if (!model) return;
        this.limits.set(this.duration());
        this.music.durationSeconds.setValue(fitDuration(Number(this.music.durationSeconds.value), this.duration()));
      });
    });
  }

  protected submit(): void {
    const mode = this.form.controls.kind.value;
    const group = mode === 'speech' ? this.form.controls.speech : this.form.controls.music;
    this.submission.submit(group, () => {
      let body: GenerateAudioDto;
      if (mode === 'speech') {
        const value = this.form.controls.speech.getRawValue();
        body = { kind: 'speech', model: value.model, text: value.text.trim(), voice: value.voice, language: value.language };
      } else {
        const value = this.form.controls.music.getRawValue();
        body = { kind: 'music', model: value.model, prompt: value.prompt.trim(), durationSeconds: Number(value.durationSeconds) };
      }
      return this.store.generate({ kind: 'audio', body });
    }, this.started);
  }
}
