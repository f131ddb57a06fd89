import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { NgTemplateOutlet } from '@angular/common';
import { Router, RouterLink } from '@angular/router';
import type { AgentDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { confirmAction } from '../../shared/confirm-dialog/confirm-dialog';
import { AgentsStore } from './agents.store';

/** `/agents`: the built-in agents and mine, as cards. */
@Component({
  selector: 'wbx-agents-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NgTemplateOutlet, RouterLink, MatButtonModule, MatIconModule, MatProgressSpinnerModule, MatTooltipModule, TranslatePipe],
  template: `
    <header class="page-header">
      <div>
        <h1>{{ 'area.agents.title' | t }}</h1>
        <p class="intro">{{ 'agents.intro' | t }}</p>
      </div>
      <a mat-flat-button routerLink="new" data-testid="new-agent"><mat-icon>add</mat-icon>{{ 'agents.new' | t }}</a>
    </header>
    @if (error(); as message) {
      <div class="wbx-error-banner" role="alert">{{ message }}</div>
    }
    @switch (store.state()) {
      @case ('loading') {
        <mat-spinner diameter="32" [attr.aria-label]="'common.loading' | t" />
      }
      @case ('failed') {
        <div class="wbx-error-banner" role="alert">
          {{ 'agents.loadFailed' | t }}
          <button mat-button type="button" (click)="store.load()">{{ 'common.retry' | t }}</button>
        </div>
      }
      @default {
        <h2>{{ 'agents.builtIn.title' | t }}</h2>
        <div class="grid">
          @for (agent of store.builtIn(); track agent.id) {
            <ng-container *ngTemplateOutlet="card; context: { $implicit: agent }" />
          }
        </div>
        <h2>{{ 'agents.mine.title' | t }}</h2>
        @if (store.custom().length === 0) {
          <p class="empty">{{ 'agents.mine.empty' | t }}</p>
        }
        <div class="grid">
          @for (agent of store.custom(); track agent.id) {
            <ng-container *ngTemplateOutlet="card; context: { $implicit: agent }" />
          }
        </div>
      }
    }
    <ng-template #card let-agent>
      <article class="card" [attr.data-agent]="agent.slug ?? agent.id" data-testid="agent-card">
        <div class="card-head">
          <mat-icon class="agent-icon" aria-hidden="true">{{ agent.icon }}</mat-icon>
          <h3>{{ agent.name }}</h3>
          @if (agent.builtIn) {
            <span class="badge">{{ 'agents.builtIn.badge' | t }}</span>
          }
        </div>
        <p class="description">{{ agent.description }}</p>
        <div class="actions">
          <a mat-flat-button [routerLink]="[agent.id]" data-testid="agent-chat">
            <mat-icon>chat</mat-icon>{{ 'agents.chat' | t }}
          </a>
          <button mat-icon-button type="button" (click)="duplicate(agent)" [matTooltip]="'agents.duplicate' | t" [attr.aria-label]="'agents.duplicate' | t">
            <mat-icon>content_copy</mat-icon>
          </button>
          @if (agent.mine) {
            <a mat-icon-button [routerLink]="[agent.id, 'edit']" [matTooltip]="'agents.edit' | t" [attr.aria-label]="'agents.edit' | t">
              <mat-icon>edit</mat-icon>
            </a>
            <button mat-icon-button type="button" (click)="remove(agent)" [matTooltip]="'common.delete' | t" [attr.aria-label]="'common.delete' | t">
              <mat-icon>delete</mat-icon>
            </button>
          }
        </div>
      </article>
    </ng-template>
  `,
  styleUrl: './agents.scss',
})
export default class AgentsPage {
  protected readonly store = inject(AgentsStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18nService);
  private readonly router = inject(Router);
  protected readonly error = signal<string | null>(null);

  constructor() {
    this.store.load();
  }

  protected duplicate(agent: AgentDto): void {
    this.error.set(null);
    this.store.duplicate(agent.id).subscribe({
      next: (copy) => void this.router.navigate(['/agents', copy.id, 'edit']),
      error: (error: unknown) => this.error.set(toApiProblem(error).message ?? this.i18n.t('common.unexpectedError')),
    });
  }

  protected remove(agent: AgentDto): void {
    const data = { title: this.i18n.t('agents.deleteTitle'), message: this.i18n.t('agents.deleteMessage', { name: agent.name }), confirm: this.i18n.t('common.delete'), cancel: this.i18n.t('common.cancel') };
    confirmAction(this.dialog, data).subscribe((confirmed) => {
        if (!confirmed) return;
        this.store.delete(agent.id).subscribe({
          next: () => this.snackBar.open(this.i18n.t('agents.deleted'), undefined, { duration: 3000 }),
          error: (error: unknown) => this.error.set(toApiProblem(error).message ?? this.i18n.t('common.unexpectedError')),
        });
    });
  }
}
