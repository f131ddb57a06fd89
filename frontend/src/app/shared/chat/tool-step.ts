import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';
import type { ReplyStepDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { DurationPipe } from '../format/number-format';

/** The built-in tools: their icon and the message key of their name. Any other tool is an MCP server's. */
export const BUILT_IN_TOOLS: Readonly<Record<string, { icon: string; label: MessageKey }>> = {
  calculator: { icon: 'calculate', label: 'chat.tool.name.calculator' },
  current_time: { icon: 'schedule', label: 'chat.tool.name.current_time' },
  web_fetch: { icon: 'public', label: 'chat.tool.name.web_fetch' },
  knowledge_search: { icon: 'menu_book', label: 'chat.tool.name.knowledge_search' },
  generate_image: { icon: 'image', label: 'chat.tool.name.generate_image' },
  prompt_library: { icon: 'library_books', label: 'chat.tool.name.prompt_library' },
};
const MCP_TOOL_ICON = 'extension';

/** A built-in tool's icon and name key, or null for another name (an MCP tool's). */
export function builtInTool(name: string | undefined): { icon: string; label: MessageKey } | null {
  return name && Object.hasOwn(BUILT_IN_TOOLS, name) ? BUILT_IN_TOOLS[name]! : null;
}

let nextId = 0;

/**
 * One step of a reply's agent trace. A tool call is a line that opens (closed at first): the
 * tool's icon and name, the one-line result, how long it took, red when it failed, a spinner while
 * it runs; open, its arguments as JSON and its result. Images it made link to the media library.
 * A note is a small line of information. Everything here is text: tool results are never HTML.
 */
@Component({
  selector: 'wbx-tool-step',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule, MatProgressSpinnerModule, RouterLink, TranslatePipe, DurationPipe],
  host: { '[attr.data-kind]': 'step().kind' },
  template: `
    @let s = step();
    @if (s.kind === 'note') {
      <p class="note" data-testid="reply-note"><mat-icon aria-hidden="true">info</mat-icon><span>{{ s.text }}</span></p>
    } @else {
      <div class="tool" [attr.data-status]="status()" [attr.data-tool]="s.name" data-testid="tool-step">
        <button type="button" class="head" [attr.title]="s.name" (click)="open.set(!open())" [attr.aria-expanded]="open()" [attr.aria-controls]="detailsId" data-testid="tool-step-toggle">
          @if (status() === 'running') {
            <mat-progress-spinner mode="indeterminate" diameter="16" class="lead" [attr.aria-label]="'chat.tool.running' | t" />
          } @else {
            <mat-icon class="lead" aria-hidden="true">{{ status() === 'error' ? 'error' : icon() }}</mat-icon>
          }
          <span class="name" data-testid="tool-step-name">{{ label() }}</span>
          <span class="summary" data-testid="tool-step-summary">{{ line() }}</span>
          @if (s.durationMs !== undefined && s.durationMs !== null) {
            <span class="duration">{{ s.durationMs | duration }}</span>
          }
          <mat-icon class="chevron" aria-hidden="true">{{ open() ? 'expand_less' : 'expand_more' }}</mat-icon>
        </button>
        @if (s.mediaFileIds?.length) {
          <div class="media">
            @for (id of s.mediaFileIds; track id; let i = $index) {
              <a [routerLink]="['/media']" [queryParams]="{ file: id }" data-testid="tool-step-media"><mat-icon aria-hidden="true">photo_library</mat-icon>{{ 'chat.tool.openMedia' | t: { index: i + 1 } }}</a>
            }
          </div>
        }
        @if (open()) {
          <div class="details" [id]="detailsId" data-testid="tool-step-details">
            <h4>{{ 'chat.tool.arguments' | t }}</h4>
            <pre data-testid="tool-step-arguments">{{ argumentsJson() }}</pre>
            <h4>{{ 'chat.tool.result' | t }}</h4>
            @switch (status()) {
              @case ('running') {
                <p class="muted">{{ 'chat.tool.running' | t }}</p>
              }
              @case ('error') {
                <p class="failure" role="alert">{{ s.error || s.summary || ('common.unexpectedError' | t) }}</p>
              }
              @default {
                <p class="result">{{ s.summary || ('chat.tool.noSummary' | t) }}</p>
              }
            }
          </div>
        }
      </div>
    }
  `,
  styles: `
    :host {
      display: block;
      margin: 4px 0 8px;
      container-type: inline-size;
    }
    .note {
      display: flex;
      align-items: flex-start;
      gap: 6px;
      margin: 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      mat-icon {
        flex: none;
        font-size: 16px;
        width: 16px;
        height: 16px;
        margin-top: 1px;
      }
    }
    .tool {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 10px;
      background: var(--mat-sys-surface-container);
      overflow: hidden;
      &[data-status='error'] {
        border-color: var(--mat-sys-error);
      }
    }
    .head {
      display: flex;
      align-items: center;
      gap: 8px;
      width: 100%;
      min-height: 36px;
      padding: 4px 8px 4px 10px;
      border: 0;
      background: transparent;
      color: var(--mat-sys-on-surface);
      font: var(--mat-sys-body-medium);
      text-align: left;
      cursor: pointer;
      &:hover {
        background: color-mix(in srgb, var(--mat-sys-on-surface) 6%, transparent);
      }
      &:focus-visible {
        outline: 2px solid var(--mat-sys-primary);
        outline-offset: -2px;
      }
    }
    .lead {
      flex: none;
      font-size: 18px;
      width: 18px;
      height: 18px;
      color: var(--mat-sys-primary);
    }
    [data-status='error'] .lead {
      color: var(--mat-sys-error);
    }
    .name {
      flex: none;
      font: var(--mat-sys-label-large);
    }
    .summary {
      flex: 1;
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      color: var(--mat-sys-on-surface-variant);
    }
    [data-status='error'] .summary {
      color: var(--mat-sys-error);
    }
    .duration {
      flex: none;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .chevron {
      flex: none;
      color: var(--mat-sys-on-surface-variant);
    }
    .media {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      padding: 0 10px 8px 36px;
      a {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        color: var(--mat-sys-primary);
        font: var(--mat-sys-label-large);
      }
      mat-icon {
        font-size: 18px;
        width: 18px;
        height: 18px;
      }
    }
    .details {
      padding: 4px 12px 10px;
      border-top: 1px solid var(--mat-sys-outline-variant);
      font: var(--mat-sys-body-small);
      h4 {
        margin: 8px 0 4px;
        font: var(--mat-sys-label-medium);
        color: var(--mat-sys-on-surface-variant);
      }
      pre {
        margin: 0;
        padding: 8px;
        max-height: 240px;
        overflow: auto;
        border-radius: 6px;
        background: var(--mat-sys-surface-container-highest);
        font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'Liberation Mono', monospace;
        font-size: 12px;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      p {
        margin: 0;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .failure {
      color: var(--mat-sys-error);
    }
    // Narrow: the result goes under the tool's name, on up to two lines.
    @container (max-width: 480px) {
      .head {
        flex-wrap: wrap;
        row-gap: 0;
      }
      .name {
        flex: 1;
      }
      .summary {
        order: 1;
        flex-basis: 100%;
        padding: 0 0 2px 26px;
        white-space: normal;
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
      }
    }
  `,
})
export class ToolStep {
  private readonly i18n = inject(I18nService);

  readonly step = input.required<ReplyStepDto>();

  protected readonly open = signal(false);
  protected readonly detailsId = `wbx-tool-step-${++nextId}`;
  protected readonly status = computed(() => this.step().status ?? 'running');
  protected readonly icon = computed(() => builtInTool(this.step().name)?.icon ?? MCP_TOOL_ICON);
  protected readonly label = computed(() => {
    const known = builtInTool(this.step().name);
    return known ? this.i18n.t(known.label) : (this.step().name ?? '');
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
        return step.summary ?? '';
    }
  });
  protected readonly argumentsJson = computed(() => {
    try {
      return JSON.stringify(this.step().arguments ?? {}, null, 2);
    } catch {
      return String(this.step().arguments);
    }
  });
}
