import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';
import type { ReplyStepDto } from '../../api/models';
import { MediaService } from '../../api/services';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { DurationPipe } from '../format/number-format';
import { ToolResult, isStructured, resultView } from './tool-result';
import type { IconName } from '../../core/icons/icons';

/** The built-in tools: their icon and the message key of their name. Any other tool is an MCP server's. */
export const BUILT_IN_TOOLS: Readonly<Record<string, { icon: IconName; label: MessageKey }>> = {
  calculator: { icon: 'calculate', label: 'chat.tool.name.calculator' },
  current_time: { icon: 'schedule', label: 'chat.tool.name.current_time' },
  web_fetch: { icon: 'public', label: 'chat.tool.name.web_fetch' },
  knowledge_search: { icon: 'menu_book', label: 'chat.tool.name.knowledge_search' },
  generate_image: { icon: 'image', label: 'chat.tool.name.generate_image' },
  prompt_library: { icon: 'library_books', label: 'chat.tool.name.prompt_library' },
  run_workflow: { icon: 'account_tree', label: 'chat.tool.name.run_workflow' },
  catalog_search: { icon: 'apps', label: 'chat.tool.name.catalog_search' },
  run_pipedream_workflow: { icon: 'bolt', label: 'chat.tool.name.run_pipedream_workflow' },
};
const MCP_TOOL_ICON: IconName = 'extension';

/** A built-in tool's icon and name key, or null for another name (an MCP tool's). */
export function builtInTool(name: string | undefined): { icon: IconName; label: MessageKey } | null {
  return name && Object.hasOwn(BUILT_IN_TOOLS, name) ? BUILT_IN_TOOLS[name]! : null;
}

let nextId = 0;

/**
 * One step of a reply's agent trace. A tool call is a line that opens (closed at first): the
 * tool's icon and name, the one-line result, how long it took, red when it failed, a spinner while
 * it runs; open, its arguments as JSON and its result. A structured result (JSON, a link) is a card
 * under the line: tables, rows, links. Images it made show as thumbnails linking to the media library.
 * A note is a small line of information. Everything here is text: tool results are never HTML.
 */
@Component({
  selector: 'wbx-tool-step',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule, MatProgressSpinnerModule, RouterLink, TranslatePipe, DurationPipe, ToolResult],
  host: { '[attr.data-kind]': 'step().kind' },
  templateUrl: './tool-step.html',
  styleUrl: './tool-step.scss',
})
export class ToolStep {
  private readonly i18n = inject(I18nService);
  private readonly media = inject(MediaService);

  readonly step = input.required<ReplyStepDto>();

  protected readonly open = signal(false);
  protected readonly detailsId = `wbx-tool-step-${++nextId}`;
  protected readonly status = computed(() => this.step().status ?? 'running');
  protected readonly icon = computed(() => builtInTool(this.step().name)?.icon ?? MCP_TOOL_ICON);
  protected readonly label = computed(() => {
    const known = builtInTool(this.step().name);
    return known ? this.i18n.t(known.label) : (this.step().name ?? '');
  });
  /** A note in the reader's language (a note stored before notes had a key keeps its English text). */
  protected readonly noteText = computed(() => {
    const { noteKey, params, text } = this.step();
    return noteKey ? this.i18n.t(`chat.note.${noteKey}`, params) : (text ?? '');
  });
  /** The one line under the tool's name: running, what it returned, or why it failed. */
  protected readonly line = computed(() => {
    const step = this.step();
    switch (this.status()) {
      case 'running':
        return this.i18n.t('chat.tool.running');
      case 'error':
        return step.error || step.summary || this.i18n.t('common.unexpectedError');
      default:
        // A structured result is shown as a card under the line, never as raw JSON in it.
        if (this.card()) return this.i18n.t('chat.tool.cardSummary');
        // A built-in tool's summary in the reader's language; an MCP tool's (or an older step's) as it came.
        return step.summaryKey ? this.i18n.t(`chat.tool.summary.${step.summaryKey}`, step.params) : (step.summary ?? '');
    }
  });
  /** The result as a card (a table, rows, a list or a link) when it is more than text. */
  protected readonly card = computed(() => this.status() === 'ok' && !!this.step().summary && isStructured(resultView(this.step().summary!)));
  /** Signed thumbnail links of the images the tool made, by media file id, as they load. */
  protected readonly thumbnails = signal<Readonly<Record<string, string>>>({});

  constructor() {
    effect((onCleanup) => {
      const ids = (this.step().mediaFileIds ?? []).filter((id) => !(id in untracked(this.thumbnails)));
      const loads = ids.map((id) =>
        this.media.getMediaFile({ id }).subscribe({
          next: (file) => file.thumbnailUrl && this.thumbnails.update((known) => ({ ...known, [id]: file.thumbnailUrl! })),
          error: () => undefined, // the link to the library stays, with its icon
        }),
      );
      onCleanup(() => loads.forEach((load) => load.unsubscribe()));
    });
  }

  protected readonly argumentsJson = computed(() => {
    try {
      return JSON.stringify(this.step().arguments ?? {}, null, 2);
    } catch {
      return String(this.step().arguments);
    }
  });
}
