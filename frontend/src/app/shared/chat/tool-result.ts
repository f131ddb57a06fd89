import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';

/** How a tool's result is shown: text, a link, a list, key/value rows, or a table with columns. */
export type ResultView =
  | { kind: 'text'; text: string }
  | { kind: 'link'; href: string; text: string }
  | { kind: 'list'; items: ResultView[] }
  | { kind: 'pairs'; rows: { key: string; value: ResultView }[] }
  | { kind: 'table'; columns: string[]; rows: ResultView[][] };

/** Deeper than this, a value is shown as compact JSON text: a card stays a card. */
const MAX_DEPTH = 3;
/** The most rows or items a card shows; the rest is counted in a last line. */
export const MAX_ROWS = 50;

/** An http(s) address, as a link; anything else (javascript:, data:, relative) stays text. */
function linkOf(text: string): ResultView | null {
  if (!/^https?:\/\/\S+$/i.test(text.trim())) return null;
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? { kind: 'link', href: url.href, text: text.trim() } : null;
  } catch {
    return null;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON value as a view: objects as key/value rows, arrays of objects as a table, URLs as links. */
export function valueView(value: unknown, depth = 0): ResultView {
  if (value === null || value === undefined) return { kind: 'text', text: String(value) };
  if (typeof value === 'string') return linkOf(value) ?? { kind: 'text', text: value };
  if (typeof value !== 'object') return { kind: 'text', text: String(value) };
  if (depth >= MAX_DEPTH) return { kind: 'text', text: JSON.stringify(value) };
  if (Array.isArray(value)) {
    const shown = value.slice(0, MAX_ROWS);
    if (shown.length && shown.every(isRecord)) {
      const columns = [...new Set(shown.flatMap((row) => Object.keys(row)))];
      return { kind: 'table', columns, rows: shown.map((row) => columns.map((column) => (Object.hasOwn(row, column) ? valueView(row[column], depth + 1) : { kind: 'text', text: '' }))) };
    }
    return { kind: 'list', items: shown.map((item) => valueView(item, depth + 1)) };
  }
  return { kind: 'pairs', rows: Object.entries(value).slice(0, MAX_ROWS).map(([key, item]) => ({ key, value: valueView(item, depth + 1) })) };
}

/** A tool's result summary as a view: JSON (an object or an array) rendered, anything else text or a link. */
export function resultView(summary: string): ResultView {
  const text = summary.trim();
  if (/^[[{]/.test(text)) {
    try {
      return valueView(JSON.parse(text));
    } catch {
      // Not JSON after all (or cut short): shown as it is.
    }
  }
  return linkOf(text) ?? { kind: 'text', text: summary };
}

/** Whether a view is more than a line of text (then it is shown as a card, not in the step's one line). */
export const isStructured = (view: ResultView) => view.kind !== 'text';

/**
 * A tool's result rendered as a card: tables, key/value rows, lists and links, built from the
 * parsed value with Angular bindings only (no HTML from the result is ever interpreted).
 */
@Component({
  selector: 'wbx-tool-result',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NgTemplateOutlet],
  template: `
    <ng-container [ngTemplateOutlet]="node" [ngTemplateOutletContext]="{ $implicit: view() }" />
    <ng-template #node let-v>
      @switch (v.kind) {
        @case ('link') {
          <a [href]="v.href" target="_blank" rel="noopener noreferrer nofollow" data-testid="tool-result-link">{{ v.text }}</a>
        }
        @case ('list') {
          <ul data-testid="tool-result-list">
            @for (item of v.items; track $index) {
              <li><ng-container [ngTemplateOutlet]="node" [ngTemplateOutletContext]="{ $implicit: item }" /></li>
            }
          </ul>
        }
        @case ('pairs') {
          <table class="pairs" data-testid="tool-result-pairs">
            <tbody>
              @for (row of v.rows; track $index) {
                <tr>
                  <th scope="row">{{ row.key }}</th>
                  <td><ng-container [ngTemplateOutlet]="node" [ngTemplateOutletContext]="{ $implicit: row.value }" /></td>
                </tr>
              }
            </tbody>
          </table>
        }
        @case ('table') {
          <div class="scroll">
            <table class="grid" data-testid="tool-result-table">
              <thead>
                <tr>
                  @for (column of v.columns; track $index) {
                    <th scope="col">{{ column }}</th>
                  }
                </tr>
              </thead>
              <tbody>
                @for (row of v.rows; track $index) {
                  <tr>
                    @for (cell of row; track $index) {
                      <td><ng-container [ngTemplateOutlet]="node" [ngTemplateOutletContext]="{ $implicit: cell }" /></td>
                    }
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
        @default {
          <span class="text">{{ v.text }}</span>
        }
      }
    </ng-template>
  `,
  styles: `
    :host {
      display: block;
      max-width: 100%;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface);
    }
    .scroll {
      max-width: 100%;
      overflow-x: auto;
    }
    table {
      border-collapse: collapse;
    }
    th,
    td {
      padding: 2px 8px;
      border: 1px solid var(--mat-sys-outline-variant);
      text-align: left;
      vertical-align: top;
      overflow-wrap: anywhere;
    }
    th {
      font-weight: 500;
      color: var(--mat-sys-on-surface-variant);
      background: var(--mat-sys-surface-container);
    }
    ul {
      margin: 0;
      padding-left: 18px;
    }
    a {
      overflow-wrap: anywhere;
    }
    .text {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
  `,
})
export class ToolResult {
  /** What the tool returned for the user to see (its summary). */
  readonly summary = input.required<string>();
  protected readonly view = computed(() => resultView(this.summary()));
}
