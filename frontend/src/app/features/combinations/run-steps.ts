import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type { WorkflowRunDto, WorkflowRunStepDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { LABELS } from './combination-labels';
import { formatCost, formatCount, formatDuration } from '../../shared/format/number-format';
import { Markdown } from '../../shared/markdown/markdown';
import { isFinalRun } from './combination-run.store';

const MARKDOWN_KINDS: ReadonlySet<WorkflowRunStepDto['kind']> = new Set(['text', 'agent', 'merge']);

interface StepView {
  step: WorkflowRunStepDto;
  /** Runs at once with the step before it. */
  parallel: boolean;
  canRerun: boolean;
  /** A model's answer, shown as Markdown; the others' outputs (HTTP, transforms, media notes) as they are. */
  markdown: boolean;
  duration: string | null;
  tokens: string;
  cost: string;
}

/** A run's steps as cards, each filling live: status, rendered input, output, model, duration, tokens, cost, error; "Re-run from this step". */
@Component({
  selector: 'wbx-run-steps',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule, MatIconModule, MatProgressBarModule, TranslatePipe, Markdown],
  templateUrl: './run-steps.html',
  styleUrl: './run-steps.scss',
})
export class RunSteps {
  protected readonly labels = LABELS;
  private readonly i18n = inject(I18nService);
  readonly run = input.required<WorkflowRunDto>();
  /** Whether a re-run is being started (the buttons wait). */
  readonly busy = input(false);
  readonly rerun = output<string>();

  protected readonly views = computed<StepView[]>(() => {
    const run = this.run();
    const locale = this.i18n.locale();
    const steps = [...run.steps].sort((a, b) => a.position - b.position);
    const final = isFinalRun(run.status);
    return steps.map((step, index) => {
      const parallel = !!step.parallelGroup && steps[index - 1]?.parallelGroup === step.parallelGroup;
      let start = index;
      if (step.parallelGroup) while (start > 0 && steps[start - 1]!.parallelGroup === step.parallelGroup) start--;
      const canRerun = final && !!run.workflow && steps.slice(0, start).every((earlier) => earlier.status === 'succeeded');
      return {
        step,
        parallel,
        canRerun,
        markdown: MARKDOWN_KINDS.has(step.kind),
        duration: step.durationMs === null ? null : formatDuration(step.durationMs, locale),
        tokens: this.i18n.t('combinations.run.tokens', { input: formatCount(step.inputTokens, locale), output: formatCount(step.outputTokens, locale) }),
        cost: formatCost(step.costUsd, locale),
      };
    });
  });
}
