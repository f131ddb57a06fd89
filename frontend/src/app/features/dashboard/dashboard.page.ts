import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { SessionStore } from '../../core/auth/session.store';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { AREAS, areaDescription, areaTitle } from '../../core/layout/areas';
import { OnboardingChecklist } from './onboarding-checklist';

/** Home: a welcome, the first-run checklist, and where each area stands (the server's health is in the Admin page). */
@Component({
  selector: 'wbx-dashboard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatIconModule, TranslatePipe, OnboardingChecklist],
  templateUrl: './dashboard.page.html',
  styleUrls: ['./dashboard-panel.scss', './dashboard.page.scss'],
})
export default class DashboardPage {
  private readonly session = inject(SessionStore);
  protected readonly user = this.session.user;
  protected readonly areas = AREAS.filter((area) => area.id !== 'dashboard');
  protected readonly areaTitle = areaTitle;
  protected readonly areaDescription = areaDescription;
}
