import { DatePipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { filter, Observable, switchMap } from 'rxjs';
import type { AdminJobDto, AdminJobPageDto, ComponentHealthDto, HealthDto, JobCountsDto, JobQueueSummaryDto } from '../../../api/models';
import { AdminService, HealthService } from '../../../api/services';
import { toApiProblem } from '../../../core/http/api-error';
import { problemMessage } from '../../../core/http/problem-message';
import { I18nService } from '../../../core/i18n/i18n.service';
import type { MessageKey } from '../../../core/i18n/messages.en';
import { TranslatePipe } from '../../../core/i18n/translate.pipe';
import { confirmAction } from '../../../shared/confirm-dialog/confirm-dialog';

type HealthState = { kind: 'loading' } | { kind: 'loaded'; health: HealthDto; at: Date } | { kind: 'failed'; at: Date };
type Loaded<T> = { kind: 'loading' } | { kind: 'loaded'; value: T } | { kind: 'failed' };

/** `/admin/server`: the server's health (moved here from the home page), the job queue's depth and its failed jobs, retried or discarded. */
@Component({
  selector: 'wbx-admin-server-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, MatButtonModule, MatIconModule, MatProgressSpinnerModule, MatTableModule, TranslatePipe],
  templateUrl: './admin-server.page.html',
  styleUrls: ['../admin-sections.scss', './admin-server.page.scss'],
})
export default class AdminServerPage {
  private readonly healthApi = inject(HealthService);
  private readonly admin = inject(AdminService);
  private readonly i18n = inject(I18nService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly locale = this.i18n.locale;
  protected readonly health = signal<HealthState>({ kind: 'loading' });
  protected readonly summary = signal<Loaded<JobQueueSummaryDto>>({ kind: 'loading' });
  protected readonly failed = signal<Loaded<AdminJobPageDto>>({ kind: 'loading' });
  protected readonly statusColumns = [
    { status: 'queued', label: 'admin.server.queue.queued' },
    { status: 'running', label: 'admin.server.queue.running' },
    { status: 'failed', label: 'admin.server.queue.failed' },
    { status: 'succeeded', label: 'admin.server.queue.succeeded' },
    { status: 'cancelled', label: 'admin.server.queue.cancelled' },
  ] as const satisfies readonly { status: keyof JobCountsDto; label: MessageKey }[];
  protected readonly countColumns = ['name', ...this.statusColumns.map((column) => column.status)];
  protected readonly jobColumns = ['name', 'owner', 'error', 'finishedAt', 'actions'];
  /** The job whose retry or discard is on its way (its buttons wait). */
  protected readonly busy = signal<string | null>(null);

  constructor() {
    this.refresh();
  }

  protected refresh(): void {
    this.health.set({ kind: 'loading' });
    this.checkHealth();
    this.loadJobs();
  }

  protected checkHealth(): void {
    this.healthApi.getHealthDetails().subscribe({
      next: (health) => this.health.set({ kind: 'loaded', health, at: new Date() }),
      error: (error: unknown) => {
        // A 503 still carries the report (the contract documents HealthDto for it): show what is down.
        const report = error instanceof HttpErrorResponse && error.status === 503 && isHealthReport(error.error) ? error.error : null;
        this.health.set(report ? { kind: 'loaded', health: report, at: new Date() } : { kind: 'failed', at: new Date() });
      },
    });
  }

  private loadJobs(): void {
    this.admin.getJobQueueSummary().subscribe({ next: (value) => this.summary.set({ kind: 'loaded', value }), error: () => this.summary.set({ kind: 'failed' }) });
    this.admin.listAdminJobs({ status: 'failed', limit: 50 }).subscribe({ next: (value) => this.failed.set({ kind: 'loaded', value }), error: () => this.failed.set({ kind: 'failed' }) });
  }

  protected retry(job: AdminJobDto): void {
    this.act(job, 'retry', () => this.admin.retryAdminJob({ id: job.id }));
  }

  protected discard(job: AdminJobDto): void {
    this.act(job, 'discard', () => this.admin.discardAdminJob({ id: job.id }));
  }

  private act(job: AdminJobDto, action: 'retry' | 'discard', call: () => Observable<AdminJobDto>): void {
    confirmAction(this.dialog, {
      title: this.i18n.t(`admin.server.${action}.title`),
      message: this.i18n.t(`admin.server.${action}.message`, { name: job.name, owner: job.ownerEmail ?? '—' }),
      confirm: this.i18n.t(`admin.server.${action}.confirm`),
      cancel: this.i18n.t('common.cancel'),
    })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.busy.set(job.id);
          return call();
        }),
      )
      .subscribe({
        next: () => {
          this.busy.set(null);
          this.snackBar.open(this.i18n.t(`admin.server.${action}.done`), undefined, { duration: 3000 });
          this.loadJobs();
        },
        error: (error: unknown) => {
          this.busy.set(null);
          this.snackBar.open(problemMessage(this.i18n, toApiProblem(error)), undefined, { duration: 6000 });
          this.loadJobs();
        },
      });
  }

  /** The translated word for a status the server reports; an unknown one is shown as is. */
  protected statusLabel(status: string): string {
    return isKnownStatus(status) ? this.i18n.t(`health.${status}`) : status;
  }

  /** What runs a component, in the reader's language when the server gives its code. */
  protected detailLabel(component: ComponentHealthDto): string | undefined {
    return component.runsOn ? this.i18n.t(`health.detail.${component.runsOn}`) : component.detail;
  }

  /** The queue's driver (`bull` or `in-process`) in words; an unknown one as is. */
  protected driverLabel(driver: string): string {
    return driver === 'bull' || driver === 'in-process' ? this.i18n.t(`health.driver.${driver}`) : driver;
  }

  protected roleLabel(role: HealthDto['role']): string {
    return this.i18n.t(`health.role.${role}`);
  }

  /** Green for what works, grey for optional parts switched off, red for what is down. */
  protected tone(status: string): 'good' | 'neutral' | 'bad' {
    if (status === 'ok' || status === 'up') return 'good';
    if (status === 'disabled') return 'neutral';
    return 'bad';
  }
}

const KNOWN_STATUSES = ['ok', 'degraded', 'up', 'down', 'disabled'] as const;

function isKnownStatus(status: string): status is (typeof KNOWN_STATUSES)[number] {
  return (KNOWN_STATUSES as readonly string[]).includes(status);
}

function isHealthReport(body: unknown): body is HealthDto {
  const report = body as Partial<HealthDto> | null;
  return typeof report?.status === 'string' && typeof report.database?.status === 'string' && typeof report.queue?.driver === 'string';
}
