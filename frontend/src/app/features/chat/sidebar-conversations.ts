import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router } from '@angular/router';
import { filter, map } from 'rxjs';
import { ConversationList } from './conversation-list';

/** The conversation open at a URL (`/chat/<id>`), if any. */
export function conversationOfUrl(url: string): string | null {
  return /^\/chat\/([^/?#]+)/.exec(url)?.[1] ?? null;
}

/** The conversation list in the shell's wide sidebar, on every page: the open one marked. */
@Component({
  selector: 'wbx-sidebar-conversations',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ConversationList],
  template: `<wbx-conversation-list [activeId]="activeId()" />`,
  styles: `
    :host {
      display: block;
      height: 100%;
    }
  `,
})
export default class SidebarConversations {
  private readonly router = inject(Router);
  protected readonly activeId = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map(() => conversationOfUrl(this.router.url)),
    ),
    { initialValue: conversationOfUrl(this.router.url) },
  );
}
