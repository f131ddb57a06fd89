import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import type { ActivityDto, ConversationDto, DashboardStatsDto, DashboardUsageDto } from '../../api/models';
import { ChatService, DashboardService, ProfileService } from '../../api/services';
import { SessionStore } from '../../core/auth/session.store';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { AREAS, areaDescription, areaTitle } from '../../core/layout/areas';
import { ActivityList } from './activity-list';
import { CostChart, GenerationsChart } from './dashboard-charts';
import { DashboardFigures } from '../../shared/figures/month-figures';
import { OnboardingChecklist } from './onboarding-checklist';

type Loaded<T> = { kind: 'loading' } | { kind: 'loaded'; value: T } | { kind: 'failed' };

/** What a part of the page shows once its call answered (each part loads and fails on its own). */
async function load<T>(target: ReturnType<typeof signal<Loaded<T>>>, call: Promise<T>): Promise<void> {
  try {
    target.set({ kind: 'loaded', value: await call });
  } catch {
    target.set({ kind: 'failed' });
  }
}

/**
 * Home (audit page 1): what happened and what to do next — the first-run checklist, this month's
 * figures against last month's, cost per day by provider and generations by kind, the recent
 * activity, the latest conversations, quick actions, and the areas. The server's health is in Admin.
 */
@Component({
  selector: 'wbx-dashboard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, DatePipe, MatButtonModule, MatIconModule, TranslatePipe, OnboardingChecklist, DashboardFigures, CostChart, GenerationsChart, ActivityList],
  templateUrl: './dashboard.page.html',
  styleUrls: ['./dashboard-panel.scss', './dashboard.page.scss'],
})
export default class DashboardPage {
  private readonly session = inject(SessionStore);
  private readonly dashboard = inject(DashboardService);
  private readonly chat = inject(ChatService);
  private readonly profile = inject(ProfileService);
  protected readonly i18n = inject(I18nService);
  protected readonly user = this.session.user;
  protected readonly areas = AREAS.filter((area) => area.id !== 'dashboard');
  protected readonly areaTitle = areaTitle;
  protected readonly areaDescription = areaDescription;

  protected readonly stats = signal<Loaded<DashboardStatsDto>>({ kind: 'loading' });
  protected readonly usage = signal<Loaded<DashboardUsageDto>>({ kind: 'loading' });
  protected readonly activity = signal<Loaded<ActivityDto[]>>({ kind: 'loading' });
  protected readonly conversations = signal<Loaded<ConversationDto[]>>({ kind: 'loading' });
  /** Null until known: whether a provider key (the user's or the workspace's) is there to use. */
  protected readonly hasProviderKey = signal<boolean | null>(null);

  constructor() {
    void load(this.stats, firstValueFrom(this.dashboard.getDashboardStats()));
    void load(this.usage, firstValueFrom(this.dashboard.getDashboardUsage({ days: 30 })));
    void load(this.activity, firstValueFrom(this.dashboard.listDashboardActivity({ limit: 8 })).then((page) => page.items));
    void load(this.conversations, firstValueFrom(this.chat.listConversations({ limit: 5 })).then((page) => page.items));
    this.profile.getOnboarding().subscribe({
      next: (checklist) => this.hasProviderKey.set(checklist.steps.find((step) => step.id === 'api-key')?.done ?? true),
      error: () => this.hasProviderKey.set(null),
    });
  }
}
