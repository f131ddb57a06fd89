import { BreakpointObserver } from '@angular/cdk/layout';
import { NgComponentOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal, type Type, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { MatSidenav, MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { map } from 'rxjs';
import { SessionStore } from '../auth/session.store';
import { I18nPaginatorIntl } from '../i18n/paginator-intl';
import { TranslatePipe } from '../i18n/translate.pipe';
import { NotificationsStore } from '../notifications/notifications.store';
import { PresenceReporter } from '../realtime/presence-reporter';
import { RealtimeService } from '../realtime/realtime.service';
import { ADMIN_AREA, BUILT_AREAS, areaTitle } from './areas';
import { WIDE_SIDEBAR_MEDIA } from './breakpoints';
import { SIDEBAR_PANEL } from './sidebar-panel';

const PANEL_HIDDEN_KEY = 'webox.sidebar.panelHidden';

/**
 * The signed-in frame: toolbar, sidebar and the routed page. From 1024 px the sidebar stays open: a
 * rail of the areas and the conversation list (chat is the page people live in); below, a drawer
 * of the areas. Only the areas that are built are offered.
 */
@Component({
  selector: 'wbx-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatToolbarModule,
    MatSidenavModule,
    MatListModule,
    MatIconModule,
    MatButtonModule,
    MatMenuModule,
    MatDividerModule,
    MatTooltipModule,
    TranslatePipe,
    NgComponentOutlet,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
  // Every paginator is on a signed-in page, inside this frame. Provided at the root, the paginator's
  // module (with Material's select, form field and tooltip and Angular's forms) was in the initial
  // bundle of every page, the login page's included: 708 kB instead of 380.
  providers: [{ provide: MatPaginatorIntl, useClass: I18nPaginatorIntl }],
})
export class Shell {
  private readonly session = inject(SessionStore);
  private readonly sidenav = viewChild.required(MatSidenav);

  protected readonly navAreas = computed(() => (this.isAdmin() ? [...BUILT_AREAS, ADMIN_AREA] : BUILT_AREAS));
  protected readonly areaTitle = areaTitle;
  protected readonly user = this.session.user;
  protected readonly isAdmin = this.session.isAdmin;
  /** Collaboration's unread notifications: the badge on its entry. */
  protected readonly unreadNotifications = inject(NotificationsStore).unread;
  protected readonly initials = computed(() =>
    (this.user()?.name ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]?.toUpperCase())
      .join(''),
  );
  protected readonly compact = toSignal(
    inject(BreakpointObserver)
      .observe(WIDE_SIDEBAR_MEDIA)
      .pipe(map((state) => !state.matches)),
    { initialValue: false },
  );
  /** The app's panel beside the rail (the conversation list), once its code is loaded. */
  protected readonly panel = signal<Type<unknown> | null>(null);
  protected readonly panelOpen = signal(localStorage.getItem(PANEL_HIDDEN_KEY) !== 'true');

  constructor() {
    // The socket opens while someone is signed in, i.e. while this frame is shown; created here
    // rather than at start-up, socket.io stays out of the login page's scripts.
    inject(RealtimeService);
    inject(PresenceReporter);
    void inject(SIDEBAR_PANEL, { optional: true })?.().then((panel) => this.panel.set(panel));
  }

  protected togglePanel(): void {
    const open = !this.panelOpen();
    this.panelOpen.set(open);
    localStorage.setItem(PANEL_HIDDEN_KEY, String(!open));
  }

  protected closeIfCompact(): void {
    if (this.compact()) void this.sidenav().close();
  }

  protected logout(): void {
    this.session.logout().subscribe();
  }
}
