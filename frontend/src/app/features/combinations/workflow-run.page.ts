import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { DatePipe } from '@angular/common';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { Router, RouterLink } from '@angular/router';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { LABELS } from './combination-labels';
import { CombinationRunStore } from './combination-run.store';
import { Markdown } from '../../shared/markdown/markdown';
import { RunSteps } from './run-steps';

/** `/combinations/runs/:id`: one run with every step's details, live while it runs; cancel; re-run from a step. */
@Component({
  selector: 'wbx-workflow-run-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, RouterLink, MatButtonModule, MatIconModule, MatProgressSpinnerModule, TranslatePipe, RunSteps, Markdown],
  providers: [CombinationRunStore],
  templateUrl: './workflow-run.page.html',
  styleUrl: './workflow-run.page.scss',
})
export default class WorkflowRunPage {
  protected readonly labels = LABELS;
  protected readonly runs = inject(CombinationRunStore);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18nService);
  readonly id = input.required<string>();
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly notFound = signal(false);

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.load(id));
    });
  }

  private load(id: string): void {
    this.error.set(null);
    this.notFound.set(false);
    this.runs.open(id).subscribe({
      error: (error: unknown) => {
        const problem = toApiProblem(error);
        if (problem.status === 404) this.notFound.set(true);
        else this.error.set(problem.message ?? this.i18n.t('common.unexpectedError'));
      },
    });
  }

  protected cancel(): void {
    this.busy.set(true);
    this.runs.cancel().subscribe({
      next: () => this.busy.set(false),
      error: (error: unknown) => this.fail(error),
    });
  }

  protected rerun(stepId: string): void {
    this.busy.set(true);
    this.error.set(null);
    this.runs.rerun(stepId).subscribe({
      next: (run) => {
        this.busy.set(false);
        void this.router.navigate(['/combinations/runs', run.id], { replaceUrl: false });
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  private fail(error: unknown): void {
    this.busy.set(false);
    this.error.set(toApiProblem(error).message ?? this.i18n.t('common.unexpectedError'));
  }
}
