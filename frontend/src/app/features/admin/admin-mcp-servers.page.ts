import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { McpServerForm } from '../../shared/mcp/mcp-server-form';
import { McpServerList } from '../../shared/mcp/mcp-server-list';
import { MCP_SCOPE, McpServersStore } from '../../shared/mcp/mcp-servers.store';

/** `/admin/mcp-servers`: the MCP servers shared with every user. */
@Component({
  selector: 'wbx-admin-mcp-servers-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslatePipe, McpServerForm, McpServerList],
  providers: [{ provide: MCP_SCOPE, useValue: 'admin' }, McpServersStore],
  template: `
    <section class="section">
      <h2>{{ 'admin.mcp.title' | t }}</h2>
      <p class="intro">{{ 'admin.mcp.intro' | t }}</p>
      <wbx-mcp-server-list />
      <wbx-mcp-server-form />
    </section>
  `,
  styles: `
    .section {
      padding: 20px 24px 24px;
      border-radius: 16px;
      background: var(--mat-sys-surface-container-low);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    h2 {
      font: var(--mat-sys-title-large);
      margin: 0 0 8px;
    }
    .intro {
      margin: 0 0 16px;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export default class AdminMcpServersPage {
  constructor() {
    const store = inject(McpServersStore);
    store.load();
    store.loadSettings();
  }
}
