import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { startWith } from 'rxjs';
import type { GenerateVideoDto, MediaFileDto } from '../../api/models';
import { FormSubmission } from '../../core/http/form-submission';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { jobStarted, keepDraft, wholeNumberWithin } from './generation-form';
import { OFFLINE_DEFAULTS, defaultModelId, fitVideoSettings, modelsOfKind, notBlank, unavailableNotes, videoOptions, type AspectRatio } from './generation-options';
import { GenerationStore } from './generation.store';
import { ModelSelect } from './model-select';
import { pickMediaFile, type MediaPickerData } from '../../shared/media/media-picker-dialog';

/** The Videos tab's form: duration bounds, aspect ratios and the start image are the chosen model's. */
const START_IMAGE_TEXTS: MediaPickerData['texts'] = { title: 'generation.startImage.title', empty: 'generation.startImage.empty', failed: 'generation.startImage.failed' };

@Component({
  selector: 'wbx-video-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatButtonToggleModule, MatFormFieldModule, MatIconModule, MatInputModule, TranslatePipe, ModelSelect],
  templateUrl: './video-form.html',
  styleUrl: './generation-form.scss',
})
export class VideoForm {
  private readonly store = inject(GenerationStore);
  private readonly dialog = inject(MatDialog);
  protected readonly submission = new FormSubmission();
  private readonly started = jobStarted();

  /** The chosen model's duration bounds, read by the duration's validator. */
  private readonly limits = signal(videoOptions(undefined).duration);
  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly form = this.fb.group({
    model: ['', Validators.required],
    prompt: ['', [Validators.required, notBlank, Validators.maxLength(4000)]],
    durationSeconds: [6, wholeNumberWithin(() => this.limits())],
    aspectRatio: this.fb.control<AspectRatio | ''>('', Validators.required),
    startImageId: this.fb.control<string | null>(null),
  });

  protected readonly models = computed(() => modelsOfKind(this.store.models(), 'video'));
  protected readonly notes = computed(() => unavailableNotes(this.store.catalog(), ['video']));
  private readonly modelId = toSignal(this.form.controls.model.valueChanges.pipe(startWith(this.form.controls.model.value)), { requireSync: true });
  protected readonly model = computed(() => this.models().find((model) => model.id === this.modelId()));
  protected readonly options = computed(() => videoOptions(this.model()));
  /** The picture chosen to start from (kept with the draft). */
  protected readonly startImage = signal<MediaFileDto | null>(this.store.draft<MediaFileDto>('video.startImage') ?? null);

  constructor() {
    keepDraft('video', this.form);
    effect(() => {
      const models = this.models();
      const model = this.model();
      untracked(() => {
        const requested = this.store.takeRequestedModel(models);
        if (requested || (!model && models.length)) {
          this.form.controls.model.setValue(requested ?? defaultModelId(models, OFFLINE_DEFAULTS.video) ?? '');
          return;
        }
        if (!model) return;
        this.limits.set(this.options().duration);
        this.form.patchValue(fitVideoSettings(model, this.form.getRawValue()));
        if (!this.form.controls.startImageId.value) this.startImage.set(null);
      });
    });
    effect(() => this.store.saveDraft('video.startImage', this.startImage()));
  }

  protected chooseStartImage(): void {
    pickMediaFile(this.dialog, { files: this.store.imageFiles(), selectedId: this.form.controls.startImageId.value, texts: START_IMAGE_TEXTS }).subscribe((file) => {
      if (!file) return;
      this.startImage.set(file);
      this.form.controls.startImageId.setValue(file.id);
    });
  }

  protected clearStartImage(): void {
    this.startImage.set(null);
    this.form.controls.startImageId.setValue(null);
  }

  protected submit(): void {
    this.submission.submit(this.form, () => {
      const value = this.form.getRawValue();
      const body: GenerateVideoDto = {
        model: value.model,
        prompt: value.prompt.trim(),
        durationSeconds: Number(value.durationSeconds),
        aspectRatio: value.aspectRatio as AspectRatio,
        ...(this.options().startImage && value.startImageId ? { startImageId: value.startImageId } : {}),
      };
      return this.store.generate({ kind: 'video', body });
    }, this.started);
  }
}
