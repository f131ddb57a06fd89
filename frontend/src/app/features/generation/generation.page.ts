import { ChangeDetectionStrategy, Component, Injector, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MAT_FORM_FIELD_DEFAULT_OPTIONS, type MatFormFieldDefaultOptions } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { GenerationJobDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { openPreview } from '../../shared/media/media-preview-dialog';
import { MediaTransfer } from '../../shared/media/media-transfer';
import { AudioForm } from './audio-form';
import { EbookForm } from './ebook-form';
import { GENERATION_TABS, tabOf, type GenerationTab } from './generation-options';
import { GenerationStore } from './generation.store';
import { ImageForm } from './image-form';
import { JobCard } from './job-card';
import type { PreviewRequest } from './job-results';
import { ShortForm } from './short-form';
import { VideoForm } from './video-form';
import { problemMessage } from '../../core/http/problem-message';
import { HelpLink } from '../../shared/help-link/help-link';

/**
 * `/generation/:tab`: images, videos, audio, eBooks and short videos. The tab's form on one side
 * (with the chosen model's options), its jobs on the other, newest first, with live progress,
 * results shown as what they are, and Cancel and Retry.
 */
@Component({
  selector: 'wbx-generation-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HelpLink, RouterLink, MatButtonModule, MatIconModule, MatProgressSpinnerModule, MatTabsModule, TranslatePipe, ImageForm, VideoForm, AudioForm, EbookForm, ShortForm, JobCard],
  providers: [
    // The media preview dialog reads text files through this (not needed for generated files, but injected).
    MediaTransfer,
    // Hints and errors take the room they need: the form column is narrow.
    { provide: MAT_FORM_FIELD_DEFAULT_OPTIONS, useValue: { appearance: 'outline', subscriptSizing: 'dynamic' } satisfies MatFormFieldDefaultOptions },
  ],
  templateUrl: './generation.page.html',
  styleUrl: './generation.page.scss',
})
export default class GenerationPage {
  protected readonly store = inject(GenerationStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18nService);
  private readonly injector = inject(Injector);

  /** From the route. */
  readonly tab = input<string>();

  protected readonly tabs = GENERATION_TABS;
  protected readonly current = computed(() => tabOf(this.tab()));
  /** Jobs with a cancel or retry waiting for its answer. */
  protected readonly pending = signal<ReadonlySet<string>>(new Set());

  constructor() {
    // `?model=<id>` (the catalog's "Try in Webox"): the tab's form starts with that model when it is usable.
    this.store.requestModel(inject(ActivatedRoute).snapshot.queryParamMap.get('model'));
    this.store.loadCatalog();
    this.store.loadTextModels();
    effect(() => {
      const kind = this.current().kind;
      untracked(() => this.store.showKind(kind));
    });
  }

  protected tabKey(tab: GenerationTab): MessageKey {
    return `generation.tab.${tab.path}`;
  }

  protected formTitleKey(tab: GenerationTab): MessageKey {
    return `generation.form.title.${tab.path}`;
  }

  protected emptyKey(tab: GenerationTab): MessageKey {
    return `generation.jobs.empty.${tab.path}`;
  }

  protected cancel(job: GenerationJobDto): void {
    this.act(job, this.store.cancel(job));
  }

  protected retry(job: GenerationJobDto): void {
    this.act(job, this.store.retry(job));
  }

  protected preview(request: PreviewRequest): void {
    openPreview(this.dialog, { files: request.files, index: request.index, folders: [] }, this.injector);
  }

  private act(job: GenerationJobDto, call: ReturnType<GenerationStore['cancel']>): void {
    this.pending.update((ids) => new Set(ids).add(job.id));
    const done = () =>
      this.pending.update((ids) => {
        const next = new Set(ids);
        next.delete(job.id);
        return next;
      });
    call.subscribe({
      next: done,
      error: (error: unknown) => {
        done();
        const problem = toApiProblem(error);
        this.snackBar.open(problemMessage(this.i18n, problem), undefined, { duration: 5000 });
      },
    });
  }
}
