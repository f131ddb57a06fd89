import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { GenerationJobDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { CostPipe, DurationPipe } from '../../shared/format/number-format';
import { canCancel, canRetry, isFinal, jobModel, jobSummary, requestedOutputs } from './generation-jobs';
import { GENERATION_TABS } from './generation-options';
import { JobResults, type PreviewRequest } from './job-results';
import type { IconName } from '../../core/icons/icons';

/** One generation job: what was asked, its live progress and step, its status, cost and results, Cancel and Retry. */
@Component({
  selector: 'wbx-job-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, MatButtonModule, MatIconModule, MatProgressBarModule, MatTooltipModule, TranslatePipe, CostPipe, DurationPipe, JobResults],
  templateUrl: './job-card.html',
  styleUrl: './job-card.scss',
})
export class JobCard {
  private readonly i18n = inject(I18nService);

  readonly job = input.required<GenerationJobDto>();
  /** An action on this job is waiting for its answer. */
  readonly busy = input(false);
  readonly cancelJob = output<GenerationJobDto>();
  readonly retryJob = output<GenerationJobDto>();
  readonly preview = output<PreviewRequest>();

  protected readonly locale = this.i18n.locale;
  protected readonly icon = computed(() => GENERATION_TABS.find((tab) => tab.kind === this.job().kind)?.icon ?? ('auto_awesome' satisfies IconName));
  protected readonly summary = computed(() => jobSummary(this.job()));
  protected readonly model = computed(() => jobModel(this.job()));
  protected readonly live = computed(() => !isFinal(this.job().status));
  protected readonly cancellable = computed(() => canCancel(this.job()));
  protected readonly retryable = computed(() => canRetry(this.job()));
  protected readonly statusKey = computed<MessageKey>(() => `generation.status.${this.job().status}`);
  protected readonly tookMs = computed(() => {
    const { startedAt, finishedAt, status } = this.job();
    return status === 'succeeded' && startedAt && finishedAt ? Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)) : null;
  });
  /** "Image 3 of 4 failed: …" for each output that could not be made. */
  protected readonly failures = computed(() => {
    const job = this.job();
    const count = requestedOutputs(job);
    return job.failures.map((failure) => {
      const params = { index: failure.index + 1, count, message: failure.message };
      return job.kind === 'image' ? this.i18n.t('generation.job.imageFailure', params) : this.i18n.t('generation.job.outputFailure', params);
    });
  });
}
