import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { AgentDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { ChatComposer } from '../../shared/chat/chat-composer';
import { ReplyBody } from '../../shared/chat/reply-body';
import { AgentChatStore } from './agent-chat.store';
import { AgentTools } from './agent-tools';
import { AgentsStore } from './agents.store';
import { IconFontSetPipe } from '../../core/icons/icon-font-set.pipe';
import { problemMessage } from '../../core/http/problem-message';

/**
 * `/agents/:id`: a conversation with one agent, its starters, what it may use, and a model
 * override. `?conversation=<id>` names the conversation (set once the server creates it), so a
 * reload shows it again, tool steps and sources included.
 */
@Component({
  selector: 'wbx-agent-chat-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatIconModule, MatProgressSpinnerModule, MatSelectModule, TranslatePipe, IconFontSetPipe, ChatComposer, ReplyBody, AgentTools],
  providers: [AgentChatStore],
  templateUrl: './agent-chat.page.html',
  styleUrl: './agent-chat.page.scss',
})
export default class AgentChatPage {
  protected readonly store = inject(AgentsStore);
  protected readonly chat = inject(AgentChatStore);

  private readonly router = inject(Router);
  private readonly i18n = inject(I18nService);
  private readonly route = inject(ActivatedRoute);

  /** From the route. */
  readonly id = input.required<string>();
  /** From the query: the conversation to show. */
  readonly conversation = input<string>();

  protected readonly agent = signal<AgentDto | null>(null);
  protected readonly failed = signal<string | null>(null);
  protected readonly draft = signal('');
  /** Empty: the agent's default model. */
  protected model = '';

  constructor() {
    this.store.loadModels();
    this.store.loadTools();
    this.store.loadCollections();
    effect(() => {
      const id = this.id();
      untracked(() => {
        this.agent.set(null);
        this.failed.set(null);
        this.store.get(id).subscribe({
          next: (agent) => this.agent.set(agent),
          error: (error: unknown) => this.failed.set(problemMessage(this.i18n, toApiProblem(error), 'agents.notFound')),
        });
      });
    });
    // The conversation follows the URL, except the one this page has just created (already shown).
    effect(() => {
      this.id();
      const conversation = this.conversation() ?? null;
      untracked(() => {
        if (conversation !== null && conversation === this.chat.conversationId()) return;
        if (conversation) this.chat.open(conversation);
        else this.chat.reset();
      });
    });
    // A conversation the server has just created goes into the URL, for a reload to find it.
    effect(() => {
      const id = this.chat.conversationId();
      untracked(() => {
        if (id !== null && id !== (this.conversation() ?? null)) void this.router.navigate([], { relativeTo: this.route, queryParams: { conversation: id }, replaceUrl: true });
      });
    });
  }

  protected newConversation(): void {
    this.chat.reset();
    if (this.conversation()) void this.router.navigate([], { relativeTo: this.route, queryParams: {}, replaceUrl: false });
  }

  protected send(text: string): void {
    const agent = this.agent();
    if (agent && this.chat.send(agent.id, text, this.model || null)) this.draft.set('');
  }
}
