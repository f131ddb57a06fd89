import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { DatePipe } from '@angular/common';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import type { WorkflowDto } from '../../api/models';
import { saveBlob } from '../../core/http/download';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { LABELS } from './combination-labels';
import { confirmAction } from '../../shared/confirm-dialog/confirm-dialog';
import { CombinationsStore, RUN_STATUSES, type RunStatus } from './combinations.store';
import { HelpLink } from '../../shared/help-link/help-link';

/** `/combinations`: the templates gallery, my saved workflows and the run history, as tabs. */
@Component({
  selector: 'wbx-combinations-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HelpLink, DatePipe, RouterLink, MatButtonModule, MatFormFieldModule, MatIconModule, MatProgressSpinnerModule, MatSelectModule, MatTabsModule, MatTooltipModule, TranslatePipe],
  templateUrl: './combinations.page.html',
  styleUrl: './combinations.page.scss',
})
export default class CombinationsPage {
  protected readonly labels = LABELS;
  protected readonly store = inject(CombinationsStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18nService);
  private readonly router = inject(Router);
  protected readonly error = signal<string | null>(null);
  protected readonly statuses = RUN_STATUSES;

  constructor() {
    this.store.loadTemplates();
    this.store.loadWorkflows();
    this.store.loadRuns(1);
  }

  protected filter(workflowId: string | null, status: RunStatus | null): void {
    this.store.filterRuns({ workflowId, status });
  }

  protected duplicate(workflow: WorkflowDto): void {
    this.error.set(null);
    this.store.duplicate(workflow.id).subscribe({
      next: () => this.snackBar.open(this.i18n.t('combinations.duplicated'), undefined, { duration: 3000 }),
      error: (error: unknown) => this.fail(error),
    });
  }

  protected remove(workflow: WorkflowDto): void {
    const data = { title: this.i18n.t('combinations.deleteTitle'), message: this.i18n.t('combinations.deleteMessage', { name: workflow.name }), confirm: this.i18n.t('common.delete'), cancel: this.i18n.t('common.cancel') };
    confirmAction(this.dialog, data).subscribe((confirmed) => {
      if (!confirmed) return;
      this.store.delete(workflow.id).subscribe({
        next: () => this.snackBar.open(this.i18n.t('combinations.deleted'), undefined, { duration: 3000 }),
        error: (error: unknown) => this.fail(error),
      });
    });
  }

  protected export(workflow: WorkflowDto): void {
    this.store.export(workflow.id).subscribe({
      next: (file) => saveBlob(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }), `${slug(workflow.name)}.webox-workflow.json`),
      error: (error: unknown) => this.fail(error),
    });
  }

  protected async import(files: FileList | null): Promise<void> {
    const file = files?.[0];
    if (!file) return;
    this.error.set(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      this.error.set(this.i18n.t('combinations.importNotJson'));
      return;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      this.error.set(this.i18n.t('combinations.importNotJson'));
      return;
    }
    this.store.import(parsed as Record<string, unknown>).subscribe({
      next: (saved) => void this.router.navigate(['/combinations/workflows', saved.id]),
      error: (error: unknown) => {
        const problem = toApiProblem(error);
        const details = Object.entries(problem.fieldErrors).map(([field, message]) => `${field}: ${message}`);
        this.error.set([problem.message ?? this.i18n.t('common.unexpectedError'), ...details].join(' '));
      },
    });
  }

  private fail(error: unknown): void {
    this.error.set(toApiProblem(error).message ?? this.i18n.t('common.unexpectedError'));
  }
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'workflow';
}
