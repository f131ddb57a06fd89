import { BreakpointObserver, Breakpoints } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSidenav, MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { map } from 'rxjs';
import { SessionStore } from '../auth/session.store';
import { TranslatePipe } from '../i18n/translate.pipe';
import { RealtimeService } from '../realtime/realtime.service';
import { ADMIN_AREA, AREAS, areaTitle } from './areas';

/** The signed-in frame: toolbar, sidebar with the areas, and the routed page. */
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
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
})
export class Shell {
  private readonly session = inject(SessionStore);
  private readonly sidenav = viewChild.required(MatSidenav);

  protected readonly areas = AREAS;
  protected readonly adminArea = ADMIN_AREA;
  protected readonly areaTitle = areaTitle;
  protected readonly user = this.session.user;
  protected readonly isAdmin = this.session.isAdmin;
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
      .observe([Breakpoints.XSmall, Breakpoints.Small])
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );

  constructor() {
    // The socket opens while someone is signed in, i.e. while this frame is shown; created here
    // rather than at start-up, socket.io stays out of the login page's scripts.
    inject(RealtimeService);
  }

  protected closeIfCompact(): void {
    if (this.compact()) void this.sidenav().close();
  }

  protected logout(): void {
    this.session.logout().subscribe();
  }
}
