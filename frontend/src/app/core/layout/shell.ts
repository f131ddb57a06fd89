import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSidenav, MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';
import { SessionStore } from '../auth/session.store';
import { TranslatePipe } from '../i18n/translate.pipe';
import { RealtimeService } from '../realtime/realtime.service';
import { ConversationList } from '../../features/chat/conversation-list';
import { ConversationsStore } from '../../features/chat/conversations.store';
import { ADMIN_AREA, BUILT_AREAS, areaTitle } from './areas';
import { WIDE_SIDEBAR_MEDIA } from './breakpoints';

const CONVERSATIONS_HIDDEN_KEY = 'webox.sidebar.conversationsHidden';

/** The conversation open at a URL (`/chat/<id>`), if any. */
export function conversationOfUrl(url: string): string | null {
  return /^\/chat\/([^/?#]+)/.exec(url)?.[1] ?? null;
}

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
    ConversationList,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
})
export class Shell {
  private readonly session = inject(SessionStore);
  private readonly sidenav = viewChild.required(MatSidenav);

  private readonly router = inject(Router);
  protected readonly navAreas = computed(() => (this.isAdmin() ? [...BUILT_AREAS, ADMIN_AREA] : BUILT_AREAS));
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
      .observe(WIDE_SIDEBAR_MEDIA)
      .pipe(map((state) => !state.matches)),
    { initialValue: false },
  );
  protected readonly activeConversation = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map(() => conversationOfUrl(this.router.url)),
    ),
    { initialValue: conversationOfUrl(this.router.url) },
  );
  protected readonly conversationsOpen = signal(localStorage.getItem(CONVERSATIONS_HIDDEN_KEY) !== 'true');

  constructor() {
    // The socket opens while someone is signed in, i.e. while this frame is shown; created here
    // rather than at start-up, socket.io stays out of the login page's scripts.
    inject(RealtimeService);
    // A new session: the list of whoever is signed in now, unfiltered.
    inject(ConversationsStore).reset();
  }

  protected toggleConversations(): void {
    const open = !this.conversationsOpen();
    this.conversationsOpen.set(open);
    localStorage.setItem(CONVERSATIONS_HIDDEN_KEY, String(!open));
  }

  protected closeIfCompact(): void {
    if (this.compact()) void this.sidenav().close();
  }

  protected logout(): void {
    this.session.logout().subscribe();
  }
}
