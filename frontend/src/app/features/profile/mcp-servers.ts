import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { McpServerForm } from './mcp-server-form';
import { McpServerList } from './mcp-server-list';
import { McpServersStore } from './mcp-servers.store';

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
  styleUrl: './profile-section.scss',
})
export class McpServers {
  constructor() {
    inject(McpServersStore).load();
  }
}
