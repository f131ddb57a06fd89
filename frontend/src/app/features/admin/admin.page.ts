import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { HelpLink } from '../../shared/help-link/help-link';

/** `/admin`: the administration area, a small nav over its pages. */
@Component({
  selector: 'wbx-admin-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HelpLink, RouterOutlet, RouterLink, RouterLinkActive, MatIconModule, MatTabsModule, TranslatePipe],
  template: `
    <header class="page-header">
      <div>
        <h1>{{ 'area.admin.title' | t }}<wbx-help-link guide="admin" /></h1>
        <p class="intro">{{ 'admin.intro' | t }}</p>
      </div>
    </header>
    <nav mat-tab-nav-bar [tabPanel]="panel" [disablePagination]="true" mat-stretch-tabs="false" mat-align-tabs="start" [attr.aria-label]="'admin.nav' | t">
      <a mat-tab-link routerLink="users" routerLinkActive #users="routerLinkActive" [active]="users.isActive" data-testid="admin-nav-users">
        <mat-icon aria-hidden="true">group</mat-icon>{{ 'admin.users.title' | t }}
      </a>
      <a mat-tab-link routerLink="audit" routerLinkActive #audit="routerLinkActive" [active]="audit.isActive" data-testid="admin-nav-audit">
        <mat-icon aria-hidden="true">policy</mat-icon>{{ 'admin.audit.title' | t }}
      </a>
      <a mat-tab-link routerLink="budgets" routerLinkActive #budgets="routerLinkActive" [active]="budgets.isActive" data-testid="admin-nav-budgets">
        <mat-icon aria-hidden="true">payments</mat-icon>{{ 'admin.budgets.nav' | t }}
      </a>
      <a mat-tab-link routerLink="mcp-servers" routerLinkActive #mcp="routerLinkActive" [active]="mcp.isActive" data-testid="admin-nav-mcp">
        <mat-icon aria-hidden="true">hub</mat-icon>{{ 'admin.mcp.title' | t }}
      </a>
      <a mat-tab-link routerLink="keys" routerLinkActive #keys="routerLinkActive" [active]="keys.isActive" data-testid="admin-nav-keys">
        <mat-icon aria-hidden="true">key</mat-icon>{{ 'admin.keys.title' | t }}
      </a>
      <a mat-tab-link routerLink="models" routerLinkActive #models="routerLinkActive" [active]="models.isActive" data-testid="admin-nav-models">
        <mat-icon aria-hidden="true">smart_toy</mat-icon>{{ 'admin.models.nav' | t }}
      </a>
      <a mat-tab-link routerLink="endpoints" routerLinkActive #endpoints="routerLinkActive" [active]="endpoints.isActive" data-testid="admin-nav-endpoints">
        <mat-icon aria-hidden="true">lan</mat-icon>{{ 'admin.endpoints.nav' | t }}
      </a>
      <a mat-tab-link routerLink="twilio" routerLinkActive #twilio="routerLinkActive" [active]="twilio.isActive" data-testid="admin-nav-twilio">
        <mat-icon aria-hidden="true">smartphone</mat-icon>{{ 'admin.twilio.nav' | t }}
      </a>
      <a mat-tab-link routerLink="server" routerLinkActive #server="routerLinkActive" [active]="server.isActive" data-testid="admin-nav-server">
        <mat-icon aria-hidden="true">dns</mat-icon>{{ 'admin.server.nav' | t }}
      </a>
    </nav>
    <mat-tab-nav-panel #panel>
      <router-outlet />
    </mat-tab-nav-panel>
  `,
  styleUrl: './admin.page.scss',
})
export default class AdminPage {}
