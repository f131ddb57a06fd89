import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { AgentDto, KnowledgeCollectionDto, ToolCatalogDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { builtInTool } from '../../shared/chat/tool-step';
import type { IconName } from '../../core/icons/icons';

interface ToolChip {
  ref: string;
  icon: IconName;
  label: string;
  /** An MCP tool's server, or why the tool cannot be found. */
  detail: string | null;
  missing: boolean;
}

/** An MCP tool as an agent stores it: `mcp:<serverId>:<toolName>`. */
export function parseMcpRef(ref: string): { serverId: string; toolName: string } | null {
  const match = /^mcp:([^:]+):(.+)$/.exec(ref);
  return match ? { serverId: match[1]!, toolName: match[2]! } : null;
}

/**
 * What an agent may use, read-only: its tools as chips, the knowledge it searches and its limits.
 * Shown on the agent's page, built-in agents included.
 */
@Component({
  selector: 'wbx-agent-tools',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule, MatTooltipModule, TranslatePipe],
  template: `
    @let a = agent();
    <div class="line">
      <span class="label">{{ 'agents.tools.title' | t }}</span>
      @for (chip of chips(); track chip.ref) {
        <span class="chip" [class.missing]="chip.missing" [attr.data-tool]="chip.ref" [matTooltip]="chip.detail ?? ''" [matTooltipDisabled]="!chip.detail" data-testid="agent-tool-chip">
          <mat-icon aria-hidden="true">{{ chip.icon }}</mat-icon>{{ chip.label }}
        </span>
      } @empty {
        <span class="none">{{ 'agents.tools.none' | t }}</span>
      }
    </div>
    @if (searchesKnowledge()) {
      <div class="line">
        <span class="label">{{ 'agents.knowledge.title' | t }}</span>
        @for (name of collectionNames(); track $index) {
          <span class="chip"><mat-icon aria-hidden="true">folder_open</mat-icon>{{ name }}</span>
        } @empty {
          <span class="none">{{ 'agents.knowledge.all' | t }}</span>
        }
      </div>
    }
    @if (a.tools.length) {
      <p class="limits">{{ 'agents.tools.limits' | t: { steps: a.maxSteps, seconds: a.timeLimitSeconds } }}</p>
    }
  `,
  styleUrl: './agent-tools.scss',
})
export class AgentTools {
  private readonly i18n = inject(I18nService);

  readonly agent = input.required<Pick<AgentDto, 'tools' | 'collectionIds' | 'maxSteps' | 'timeLimitSeconds'>>();
  readonly catalog = input<ToolCatalogDto>({ builtIns: [], mcp: [] });
  readonly collections = input<readonly KnowledgeCollectionDto[]>([]);

  protected readonly chips = computed<ToolChip[]>(() => {
    const mcp = new Map(this.catalog().mcp.map((tool) => [tool.ref, tool]));
    return this.agent().tools.map((ref) => {
      const builtIn = builtInTool(ref);
      if (builtIn) return { ref, icon: builtIn.icon, label: this.i18n.t(builtIn.label), detail: null, missing: false };
      const tool = mcp.get(ref);
      if (tool) return { ref, icon: 'extension', label: tool.name, detail: this.i18n.t('agents.tools.fromServer', { server: tool.serverName }), missing: false };
      const parsed = parseMcpRef(ref);
      return { ref, icon: 'extension', label: parsed?.toolName ?? ref, detail: this.i18n.t('agents.tools.missing'), missing: true };
    });
  });
  protected readonly searchesKnowledge = computed(() => this.agent().tools.includes('knowledge_search'));
  protected readonly collectionNames = computed(() => {
    const names = new Map(this.collections().map((collection) => [collection.id, collection.name]));
    return this.agent().collectionIds.map((id) => names.get(id) ?? this.i18n.t('agents.knowledge.unknown'));
  });
}
