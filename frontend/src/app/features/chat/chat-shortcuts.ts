import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

export type ChatShortcut = 'newChat' | 'focusComposer' | 'stop' | 'copyLastReply' | 'help';

/** The keys as shown, Ctrl or ⌘ by platform; the same conventions as Open WebUI and ChatGPT. */
interface ShortcutRow {
  id: ChatShortcut;
  keys: string[];
  label: MessageKey;
}

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export function shortcutRows(mac = isMac()): ShortcutRow[] {
  const mod = mac ? '⌘' : 'Ctrl';
  return [
    { id: 'newChat', keys: [mod, 'Shift', 'O'], label: 'chat.shortcuts.newChat' },
    { id: 'focusComposer', keys: ['Shift', 'Esc'], label: 'chat.shortcuts.focusComposer' },
    { id: 'stop', keys: ['Esc'], label: 'chat.shortcuts.stop' },
    { id: 'copyLastReply', keys: [mod, 'Shift', 'C'], label: 'chat.shortcuts.copyLastReply' },
    { id: 'help', keys: ['?'], label: 'chat.shortcuts.help' },
  ];
}

/** Whether the key was typed into something that takes text (there `?` is a question mark). */
function inTextField(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element?.tagName) return false;
  return element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName);
}

/** Which chat shortcut a key press is, if any. `Esc` alone counts only while a reply streams (the caller knows). */
export function chatShortcut(event: KeyboardEvent): ChatShortcut | null {
  if (event.isComposing || event.defaultPrevented) return null;
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (mod && event.shiftKey && !event.altKey && key === 'o') return 'newChat';
  if (mod && event.shiftKey && !event.altKey && key === 'c') return 'copyLastReply';
  if (key === 'Escape' && event.shiftKey && !mod) return 'focusComposer';
  if (key === 'Escape' && !event.shiftKey && !mod) return 'stop';
  if (key === '?' && !mod && !event.altKey && !inTextField(event.target)) return 'help';
  return null;
}

/** `?`: the chat page's keyboard shortcuts. */
@Component({
  selector: 'wbx-chat-shortcuts-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogModule, MatButtonModule, TranslatePipe],
  template: `
    <h2 mat-dialog-title>{{ 'chat.shortcuts.title' | t }}</h2>
    <mat-dialog-content>
      <dl class="shortcuts" data-testid="shortcuts-help">
        @for (row of rows; track row.id) {
          <div class="row">
            <dt>
              @for (key of row.keys; track $index) {
                <kbd>{{ key }}</kbd>
              }
            </dt>
            <dd>{{ row.label | t }}</dd>
          </div>
        }
      </dl>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close cdkFocusInitial>{{ 'chat.shortcuts.close' | t }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .shortcuts {
      margin: 0;
    }
    .row {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 16px;
      padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    dt {
      display: flex;
      gap: 4px;
      flex-shrink: 0;
      order: 2;
    }
    dd {
      margin: 0;
    }
    kbd {
      min-width: 1.5em;
      padding: 2px 6px;
      border-radius: 6px;
      border: 1px solid var(--mat-sys-outline);
      background: var(--mat-sys-surface-container-high);
      font: var(--mat-sys-label-medium);
      text-align: center;
    }
  `,
})
export class ChatShortcutsDialog {
  protected readonly rows = shortcutRows();
}
