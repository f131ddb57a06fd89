import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { McpServerDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { confirmAction } from '../confirm-dialog/confirm-dialog';
import { McpServersStore } from './mcp-servers.store';
import { problemMessage } from '../../core/http/problem-message';

/**
 * The MCP servers of the store: address (for a stdio server, its command line, which only admins
 * are sent), status of the last check, and their tools. Tool names and descriptions come from the
 * servers: untrusted, shown as plain text only.
 */
@Component({
  selector: 'wbx-mcp-server-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, MatButtonModule, MatIconModule, MatProgressBarModule, MatProgressSpinnerModule, MatTooltipModule, TranslatePipe],
  templateUrl: './mcp-server-list.html',
  styleUrl: './mcp-server-list.scss',
})
export class McpServerList {
  protected readonly store = inject(McpServersStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18nService);

  protected readonly locale = this.i18n.locale;
  protected readonly error = signal<string | null>(null);

  /** The command and its arguments, an argument with spaces or quotes in JSON quotes so each one reads apart. */
  protected commandLine(server: McpServerDto): string {
    const args = (server.args ?? []).map((arg) => (/^$|[\s"']/.test(arg) ? JSON.stringify(arg) : arg));
    return [server.command ?? '', ...args].join(' ');
  }

  protected statusKey(server: McpServerDto): MessageKey {
    return `mcp.status.${server.status}`;
  }

  protected refresh(server: McpServerDto): void {
    this.error.set(null);
    this.store.refresh(server.id).subscribe({
      next: (checked) => this.snackBar.open(this.i18n.t(checked.status === 'ok' ? 'mcp.refreshed' : 'mcp.refreshFailed', { name: checked.name }), undefined, { duration: 3000 }),
      error: (error: unknown) => this.fail(error),
    });
  }

  protected remove(server: McpServerDto): void {
    const data = { title: this.i18n.t('mcp.deleteTitle'), message: this.i18n.t('mcp.deleteMessage', { name: server.name }), confirm: this.i18n.t('common.delete'), cancel: this.i18n.t('common.cancel') };
    confirmAction(this.dialog, data).subscribe((confirmed) => {
      if (!confirmed) return;
      this.error.set(null);
      this.store.delete(server.id).subscribe({
        next: () => this.snackBar.open(this.i18n.t('mcp.deleted'), undefined, { duration: 3000 }),
        error: (error: unknown) => this.fail(error),
      });
    });
  }

  private fail(error: unknown): void {
    const problem = toApiProblem(error);
    this.error.set(problemMessage(this.i18n, problem));
  }
}
