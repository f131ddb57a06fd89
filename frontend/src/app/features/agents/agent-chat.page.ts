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
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { ChatComposer } from '../../shared/chat/chat-composer';
import { ReplyBody } from '../../shared/chat/reply-body';
import { AgentChatStore } from './agent-chat.store';
import { AgentTools } from './agent-tools';
import { AgentsStore } from './agents.store';

/**
 * `/agents/:id`: a conversation with one agent, its starters, what it may use, and a model
 * override. `?conversation=<id>` names the conversation (set once the server creates it), so a
 * reload shows it again, tool steps and sources included.
 */
@Component({
  selector: 'wbx-agent-chat-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatIconModule, MatProgressSpinnerModule, MatSelectModule, TranslatePipe, ChatComposer, ReplyBody, AgentTools],
  providers: [AgentChatStore],
  template: `
    <a mat-button routerLink="/agents" class="back"><mat-icon>arrow_back</mat-icon>{{ 'agents.back' | t }}</a>
    @if (agent(); as agent) {
      <header class="agent-header">
        <mat-icon class="agent-icon" aria-hidden="true">{{ agent.icon }}</mat-icon>
        <div class="title">
          <h1>{{ agent.name }}</h1>
          <p>{{ agent.description }}</p>
        </div>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="model">
          <mat-label>{{ 'agents.model' | t }}</mat-label>
          <mat-select [(ngModel)]="model" data-testid="agent-model-select">
            <mat-option value="">{{ 'agents.model.default' | t: { model: agent.defaultModel } }}</mat-option>
            @for (option of store.models(); track option.id) {
              <mat-option [value]="option.id" [attr.data-model]="option.id">{{ option.name }} · {{ option.providerLabel }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <button mat-stroked-button type="button" (click)="newConversation()" [disabled]="chat.turns().length === 0 && chat.state() === 'none'" data-testid="agent-new-conversation">
          <mat-icon>add_comment</mat-icon>{{ 'agents.newConversation' | t }}
        </button>
      </header>
      <wbx-agent-tools class="agent-tools" [agent]="agent" [catalog]="store.tools()" [collections]="store.collections()" data-testid="agent-tools-summary" />
      <section class="turns" aria-live="polite">
        @if (chat.state() === 'loading') {
          <mat-spinner diameter="28" [attr.aria-label]="'chat.loading' | t" />
        } @else if (chat.state() === 'missing' || chat.state() === 'failed') {
          <div class="wbx-error-banner" role="alert">
            {{ (chat.state() === 'missing' ? 'chat.missing.title' : 'chat.loadFailed') | t }}
            <button mat-button type="button" (click)="newConversation()">{{ 'agents.newConversation' | t }}</button>
          </div>
        } @else if (chat.turns().length === 0) {
          <div class="starters">
            <p>{{ 'agents.starters' | t }}</p>
            @for (starter of agent.starters; track $index) {
              <button mat-stroked-button type="button" data-testid="agent-starter" (click)="send(starter)" [disabled]="chat.streaming()">{{ starter }}</button>
            }
          </div>
        }
        @for (turn of chat.turns(); track $index) {
          <div class="question" data-testid="agent-question">{{ turn.question }}</div>
          <div class="answer" data-testid="agent-answer" [attr.data-status]="turn.status">
            @if (turn.status === 'pending') {
              <mat-spinner diameter="20" [attr.aria-label]="'chat.column.writing' | t" />
            }
            @if (turn.answer || turn.steps.length) {
              <wbx-reply-body [content]="turn.answer" [steps]="turn.steps" [citations]="turn.citations" />
            }
            @if (turn.status === 'incomplete') {
              <p class="muted">{{ 'chat.reply.incomplete' | t }}</p>
            } @else if (turn.status === 'stopped') {
              <p class="muted">{{ 'chat.reply.stopped' | t }}</p>
            }
            @if (turn.error) {
              <p class="error" role="alert">{{ turn.error }}</p>
            }
          </div>
        }
      </section>
      <wbx-chat-composer
        [(value)]="draft"
        [placeholder]="'agents.composer.placeholder' | t: { name: agent.name }"
        [streaming]="chat.streaming()"
        [disabled]="chat.state() === 'loading'"
        (send)="send($event)"
        (stop)="chat.stop()"
      />
    } @else if (failed()) {
      <div class="wbx-error-banner" role="alert">{{ failed() }}</div>
    } @else {
      <mat-spinner diameter="32" [attr.aria-label]="'common.loading' | t" />
    }
  `,
  styleUrl: './agent-chat.scss',
})
export default class AgentChatPage {
  protected readonly store = inject(AgentsStore);
  protected readonly chat = inject(AgentChatStore);

  private readonly router = inject(Router);
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
          error: (error: unknown) => this.failed.set(toApiProblem(error).message ?? 'Not found'),
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
