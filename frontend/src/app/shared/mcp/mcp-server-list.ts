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

/**
 * The MCP servers of the store: address (for a stdio server, its command line, which only admins
 * are sent), status of the last check, and their tools. Tool names and descriptions come from the
 * servers: untrusted, shown as plain text only.
 */
@Component({
  selector: 'wbx-mcp-server-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, MatButtonModule, MatIconModule, MatProgressBarModule, MatProgressSpinnerModule, MatTooltipModule, TranslatePipe],
  template: `
    @if (store.state() === 'loading') {
      <mat-progress-bar mode="indeterminate" />
    }
    @if (error(); as message) {
      <div class="wbx-error-banner" role="alert" data-testid="mcp-error">{{ message }}</div>
    }
    @if (store.state() === 'failed') {
      <div class="wbx-error-banner" role="alert">
        {{ 'common.unexpectedError' | t }}
        <button mat-button type="button" (click)="store.load()">{{ 'common.retry' | t }}</button>
      </div>
    } @else if (store.state() === 'ready' && store.servers().length === 0) {
      <p class="empty" data-testid="mcp-empty">{{ (store.scope === 'admin' ? 'mcp.emptyShared' : 'mcp.empty') | t }}</p>
    }
    <ul class="servers">
      @for (server of store.servers(); track server.id) {
        <li class="server" data-testid="mcp-server" [attr.data-name]="server.name" [attr.data-status]="server.status">
          <div class="head">
            <mat-icon class="icon" aria-hidden="true">hub</mat-icon>
            <div class="title">
              <div class="name-line">
                <h4 data-testid="mcp-server-name">{{ server.name }}</h4>
                <span class="status" [attr.data-status]="server.status" data-testid="mcp-status">{{ statusKey(server) | t }}</span>
                @if (server.shared && store.scope === 'user') {
                  <span class="badge" [matTooltip]="'mcp.sharedHint' | t" data-testid="mcp-shared">{{ 'mcp.shared' | t }}</span>
                }
                @if (server.allowlisted) {
                  <span class="badge" [matTooltip]="'mcp.allowlistedHint' | t">{{ 'mcp.allowlistedBadge' | t }}</span>
                }
                @if (!server.enabled) {
                  <span class="badge off">{{ 'mcp.disabled' | t }}</span>
                }
                @if (server.hasToken) {
                  <span class="badge" data-testid="mcp-token-set"><mat-icon aria-hidden="true">key</mat-icon>{{ 'mcp.tokenSet' | t }}</span>
                }
              </div>
              @if (server.transport === 'stdio') {
                @if (server.command) {
                  <code class="address" data-testid="mcp-server-command">{{ commandLine(server) }}</code>
                } @else {
                  <span class="address">{{ 'mcp.transport.stdio' | t }}</span>
                }
              } @else {
                <code class="address" data-testid="mcp-server-url">{{ server.url }}</code>
              }
            </div>
            <div class="actions">
              <button
                mat-icon-button
                type="button"
                (click)="refresh(server)"
                [disabled]="store.busy().has(server.id)"
                [matTooltip]="'mcp.refresh' | t"
                [attr.aria-label]="'mcp.refreshAria' | t: { name: server.name }"
                data-testid="mcp-refresh"
              >
                @if (store.busy().has(server.id)) {
                  <mat-spinner diameter="20" />
                } @else {
                  <mat-icon>sync</mat-icon>
                }
              </button>
              @if (store.canManage(server)) {
                <button
                  mat-icon-button
                  type="button"
                  (click)="remove(server)"
                  [disabled]="store.busy().has(server.id)"
                  [matTooltip]="'common.delete' | t"
                  [attr.aria-label]="'mcp.deleteAria' | t: { name: server.name }"
                  data-testid="mcp-delete"
                >
                  <mat-icon>delete</mat-icon>
                </button>
              }
            </div>
          </div>
          @if (server.status === 'error' && server.lastError) {
            <p class="last-error" data-testid="mcp-last-error"><mat-icon aria-hidden="true">error</mat-icon><span>{{ server.lastError }}</span></p>
          }
          <p class="checked">
            @if (server.checkedAt) {
              {{ 'mcp.checkedAt' | t: { time: (server.checkedAt | date: 'medium' : undefined : locale()) ?? '' } }}
            } @else {
              {{ 'mcp.neverChecked' | t }}
            }
          </p>
          @if (server.tools.length) {
            <details class="tools" data-testid="mcp-tools">
              <summary>{{ 'mcp.tools' | t: { count: server.tools.length } }}</summary>
              <ul>
                @for (tool of server.tools; track tool.name) {
                  <li data-testid="mcp-tool">
                    <code>{{ tool.name }}</code>
                    @if (tool.description) {
                      <p>{{ tool.description }}</p>
                    }
                  </li>
                }
              </ul>
            </details>
          } @else if (server.status === 'ok') {
            <p class="checked">{{ 'mcp.noTools' | t }}</p>
          }
        </li>
      }
    </ul>
  `,
  styles: `
    :host {
      display: block;
    }
    .empty {
      color: var(--mat-sys-on-surface-variant);
      margin: 0 0 8px;
    }
    .servers {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    .server {
      padding: 12px 8px 12px 16px;
      border-radius: 12px;
      border: 1px solid var(--mat-sys-outline-variant);
      background: var(--mat-sys-surface);
      min-width: 0;
    }
    .head {
      display: flex;
      align-items: flex-start;
      gap: 12px;
    }
    .icon {
      flex: none;
      margin-top: 2px;
      color: var(--mat-sys-primary);
    }
    .title {
      flex: 1;
      min-width: 0;
    }
    .name-line {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
      h4 {
        margin: 0;
        font: var(--mat-sys-title-small);
        overflow-wrap: anywhere;
      }
    }
    .address {
      display: block;
      margin-top: 2px;
      font-size: 13px;
      color: var(--mat-sys-on-surface-variant);
      overflow-wrap: anywhere;
    }
    .status,
    .badge {
      display: inline-flex;
      align-items: center;
      gap: 2px;
      padding: 0 8px;
      border-radius: 10px;
      font: var(--mat-sys-label-small);
      line-height: 22px;
      white-space: nowrap;
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant);
      mat-icon {
        font-size: 14px;
        width: 14px;
        height: 14px;
      }
    }
    .status[data-status='ok'] {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .status[data-status='error'] {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .badge.off {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .actions {
      flex: none;
      display: flex;
      align-items: center;
    }
    .last-error {
      display: flex;
      align-items: flex-start;
      gap: 6px;
      margin: 8px 0 0 36px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-error);
      overflow-wrap: anywhere;
      mat-icon {
        flex: none;
        font-size: 18px;
        width: 18px;
        height: 18px;
      }
    }
    .checked {
      margin: 4px 0 0 36px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .tools {
      margin: 8px 0 0 36px;
      summary {
        cursor: pointer;
        font: var(--mat-sys-label-large);
        color: var(--mat-sys-primary);
      }
      ul {
        margin: 8px 0 0;
        padding: 0;
        list-style: none;
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      p {
        margin: 2px 0 0;
        font: var(--mat-sys-body-small);
        color: var(--mat-sys-on-surface-variant);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
    }
  `,
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
    this.error.set(problem.message ?? this.i18n.t(problem.status === 0 ? 'common.networkError' : 'common.unexpectedError'));
  }
}
