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
import { IconFontSetPipe } from '../../core/icons/icon-font-set.pipe';
import { problemMessage } from '../../core/http/problem-message';
import { HelpLink } from '../../shared/help-link/help-link';

/** `/agents`: the built-in agents and mine, as cards. */
@Component({
  selector: 'wbx-agents-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HelpLink, NgTemplateOutlet, RouterLink, MatButtonModule, MatIconModule, MatProgressSpinnerModule, MatTooltipModule, TranslatePipe, IconFontSetPipe],
  templateUrl: './agents.page.html',
  styleUrl: './agents.page.scss',
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
      error: (error: unknown) => this.error.set(problemMessage(this.i18n, toApiProblem(error))),
    });
  }

  protected remove(agent: AgentDto): void {
    const data = { title: this.i18n.t('agents.deleteTitle'), message: this.i18n.t('agents.deleteMessage', { name: agent.name }), confirm: this.i18n.t('common.delete'), cancel: this.i18n.t('common.cancel') };
    confirmAction(this.dialog, data).subscribe((confirmed) => {
        if (!confirmed) return;
        this.store.delete(agent.id).subscribe({
          next: () => this.snackBar.open(this.i18n.t('agents.deleted'), undefined, { duration: 3000 }),
          error: (error: unknown) => this.error.set(problemMessage(this.i18n, toApiProblem(error))),
        });
    });
  }
}
