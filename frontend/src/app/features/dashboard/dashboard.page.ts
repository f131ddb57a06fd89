import { DatePipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, effect, inject, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';
import type { HealthDto } from '../../api/models';
import { HealthService } from '../../api/services';
import { SessionStore } from '../../core/auth/session.store';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { AREAS, areaDescription, areaTitle } from '../../core/layout/areas';
import { OnboardingChecklist } from './onboarding-checklist';

type HealthState = { kind: 'loading' } | { kind: 'loaded'; health: HealthDto; at: Date } | { kind: 'failed'; at: Date };

/** Home: a welcome, the first-run checklist, the server's health (admins only), and where each area stands. */
@Component({
  selector: 'wbx-dashboard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, RouterLink, MatButtonModule, MatIconModule, MatProgressSpinnerModule, TranslatePipe, OnboardingChecklist],
  templateUrl: './dashboard.page.html',
  styleUrls: ['./dashboard-panel.scss', './dashboard.page.scss'],
})
export default class DashboardPage {
  private readonly healthApi = inject(HealthService);
  private readonly i18n = inject(I18nService);

  private readonly session = inject(SessionStore);
  protected readonly user = this.session.user;
  /** Server infrastructure is the admins' business: other users never ask for it. */
  protected readonly isAdmin = this.session.isAdmin;
  protected readonly locale = this.i18n.locale;
  protected readonly areas = AREAS.filter((area) => area.id !== 'dashboard');
  protected readonly areaTitle = areaTitle;
  protected readonly areaDescription = areaDescription;
  protected readonly health = signal<HealthState>({ kind: 'loading' });

  constructor() {
    effect(() => {
      if (this.isAdmin()) untracked(() => this.checkHealth());
    });
  }

  protected checkHealth(): void {
    this.health.set({ kind: 'loading' });
    this.healthApi.getHealthDetails().subscribe({
      next: (health) => this.health.set({ kind: 'loaded', health, at: new Date() }),
      error: (error: unknown) => {
        // A 503 still carries the report (the contract documents HealthDto for it): show what is down.
        const report = error instanceof HttpErrorResponse && error.status === 503 && isHealthReport(error.error) ? error.error : null;
        this.health.set(report ? { kind: 'loaded', health: report, at: new Date() } : { kind: 'failed', at: new Date() });
      },
    });
  }

  /** The translated word for a status the server reports; an unknown one is shown as is. */
  protected statusLabel(status: string): string {
    return isKnownStatus(status) ? this.i18n.t(`health.${status}`) : status;
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
