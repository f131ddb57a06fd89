import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { firstValueFrom } from 'rxjs';
import type { DashboardStatsDto } from '../../api/models';
import { DashboardService, ProfileService } from '../../api/services';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { DashboardFigures } from '../../shared/figures/month-figures';

/** The profile's own figures (the dashboard's stats) and "Export my data" (one ZIP archive). */
@Component({
  selector: 'wbx-profile-data',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, TranslatePipe, DashboardFigures],
  template: `
    <section aria-labelledby="profile-figures-title" data-testid="profile-figures">
      <h2 id="profile-figures-title">{{ 'profile.figures.title' | t }}</h2>
      @if (stats(); as figures) {
        <wbx-dashboard-figures [stats]="figures" />
      } @else if (statsFailed()) {
        <p class="intro" role="status">{{ 'dashboard.failed' | t }}</p>
      }
    </section>
    <section aria-labelledby="profile-export-title">
      <h2 id="profile-export-title">{{ 'profile.export.title' | t }}</h2>
      <p class="intro">{{ 'profile.export.intro' | t }}</p>
      <button mat-stroked-button type="button" (click)="download()" [disabled]="exporting()" data-testid="export-data">
        <mat-icon aria-hidden="true">download</mat-icon>{{ 'profile.export.download' | t }}
      </button>
      @if (exportFailed()) {
        <p class="error" role="alert">{{ 'profile.export.failed' | t }}</p>
      }
    </section>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 24px;
    }
    .intro {
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class ProfileData {
  private readonly dashboard = inject(DashboardService);
  private readonly profile = inject(ProfileService);

  protected readonly stats = signal<DashboardStatsDto | null>(null);
  protected readonly statsFailed = signal(false);
  protected readonly exporting = signal(false);
  protected readonly exportFailed = signal(false);

  constructor() {
    this.dashboard.getDashboardStats().subscribe({ next: (stats) => this.stats.set(stats), error: () => this.statsFailed.set(true) });
  }

  protected async download(): Promise<void> {
    this.exporting.set(true);
    this.exportFailed.set(false);
    try {
      const response = await firstValueFrom(this.profile.exportProfileData$Response());
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'webox-export.zip';
      const url = URL.createObjectURL(response.body);
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      this.exportFailed.set(true);
    } finally {
      this.exporting.set(false);
    }
  }
}
