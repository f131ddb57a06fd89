import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { McpServerForm } from '../../shared/mcp/mcp-server-form';
import { McpServerList } from '../../shared/mcp/mcp-server-list';
import { McpServersStore } from '../../shared/mcp/mcp-servers.store';

/** Profile section: my MCP servers (and the ones an admin shares), whose tools agents can use. */
@Component({
  selector: 'wbx-mcp-servers',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslatePipe, McpServerForm, McpServerList],
  providers: [McpServersStore],
  template: `
    <h2>{{ 'mcp.title' | t }}</h2>
    <p class="intro">{{ 'mcp.intro' | t }}</p>
    <wbx-mcp-server-list />
    <wbx-mcp-server-form />
  `,
  styleUrl: '../../shared/styles/section.scss',
})
export class McpServers {
  constructor() {
    inject(McpServersStore).load();
  }
}
