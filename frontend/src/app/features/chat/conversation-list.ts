import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { debounceTime, distinctUntilChanged, filter, map, of, switchMap } from 'rxjs';
import type { ConversationDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { confirmAction } from '../../shared/confirm-dialog/confirm-dialog';
import { groupConversations, type ConversationGroupId } from './conversation-groups';
import { ConversationsStore, EXPORT_FORMATS, type ExportFormat } from './conversations.store';
import { askFolderName, askNewTitle } from './rename-dialog';
import { problemMessage } from '../../core/http/problem-message';

export const SEARCH_DEBOUNCE_MS = 300;

/**
 * The conversations: "New chat", search as you type, a folder filter and the archived view; the
 * list in sections (Pinned, Today, Yesterday, Previous 7 days, Older), each conversation with its
 * menu: rename, pin, move to a folder, archive, export, delete. In the shell's sidebar on wide
 * screens, in the chat page's drawer otherwise.
 */
@Component({
  selector: 'wbx-conversation-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatIconModule, MatMenuModule, MatProgressBarModule, MatTooltipModule, TranslatePipe],
  templateUrl: './conversation-list.html',
  styleUrl: './conversation-list.scss',
})
export class ConversationList {
  private readonly store = inject(ConversationsStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18nService);

  readonly activeId = input<string | null>(null);
  /** A conversation was chosen, or a new chat (a drawer closes). */
  readonly opened = output<void>();

  protected readonly items = this.store.items;
  protected readonly groups = computed(() => groupConversations(this.items()));
  protected readonly archived = this.store.archived;
  protected readonly folder = this.store.folder;
  protected readonly folders = this.store.folders;
  protected readonly total = this.store.total;
  protected readonly loading = this.store.loading;
  protected readonly failed = this.store.failed;
  protected readonly query = this.store.query;
  protected readonly formats = EXPORT_FORMATS;
  protected readonly search = new FormControl('', { nonNullable: true });

  constructor() {
    this.search.valueChanges
      .pipe(
        map((value) => value.trim()),
        debounceTime(SEARCH_DEBOUNCE_MS),
        distinctUntilChanged(),
        takeUntilDestroyed(),
      )
      .subscribe((query) => this.store.search(query));
  }

  /** A preview is the start of a message, often Markdown: show it as plain text on one line. */
  protected plain(text: string): string {
    return text
      .replace(/```[\w-]*/g, ' ')
      .replace(/__|[*`#>|~]+/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\s+/g, ' ')
      .trim();
  }

  protected formatName(format: ExportFormat): MessageKey {
    return `chat.export.${format}`;
  }

  protected groupTitle(id: ConversationGroupId): MessageKey {
    return `chat.history.group.${id}`;
  }

  protected toggleArchived(): void {
    this.store.showArchived(!this.archived());
  }

  protected filterFolder(folder: string | null): void {
    this.store.filterFolder(folder);
  }

  protected retry(): void {
    this.store.refresh();
  }

  protected clearSearch(): void {
    this.search.setValue('');
    this.store.search('');
  }

  protected loadMore(): void {
    this.store.loadMore();
  }

  protected rename(conversation: ConversationDto): void {
    askNewTitle(this.dialog, conversation.title)
      .pipe(
        filter((title): title is string => !!title && title !== conversation.title),
        switchMap((title) => this.store.rename(conversation, title)),
      )
      .subscribe({
        next: () => this.notify('chat.history.renamed'),
        error: (error: unknown) => this.fail(error),
      });
  }

  protected togglePin(conversation: ConversationDto): void {
    this.store.setPinned(conversation, !conversation.pinned).subscribe({
      next: (updated) => this.notify(updated.pinned ? 'chat.history.pinned' : 'chat.history.unpinned'),
      error: (error: unknown) => this.fail(error),
    });
  }

  protected toggleArchive(conversation: ConversationDto): void {
    this.store.setArchived(conversation, !conversation.archived).subscribe({
      next: (updated) => this.notify(updated.archived ? 'chat.history.archivedDone' : 'chat.history.unarchivedDone'),
      error: (error: unknown) => this.fail(error),
    });
  }

  /** Into an existing folder, a new one (named in a dialog), or out of its folder (null). */
  protected moveTo(conversation: ConversationDto, folder: string | null | 'new'): void {
    const target = folder === 'new' ? askFolderName(this.dialog).pipe(filter((name): name is string => !!name)) : of(folder);
    target.pipe(switchMap((name) => this.store.moveToFolder(conversation, name))).subscribe({
      next: (updated) => this.notify(updated.folder ? 'chat.history.movedToFolder' : 'chat.history.removedFromFolder', { folder: updated.folder ?? '' }),
      error: (error: unknown) => this.fail(error),
    });
  }

  protected export(conversation: ConversationDto, format: ExportFormat): void {
    this.store.export(conversation, format).subscribe({ error: (error: unknown) => this.fail(error) });
  }

  protected remove(conversation: ConversationDto): void {
    confirmAction(this.dialog, {
      title: this.i18n.t('chat.history.deleteTitle'),
      message: this.i18n.t('chat.history.deleteMessage', { title: conversation.title }),
      confirm: this.i18n.t('common.delete'),
      cancel: this.i18n.t('common.cancel'),
    })
      .pipe(
        filter(Boolean),
        switchMap(() => this.store.remove(conversation)),
      )
      .subscribe({
        next: () => this.notify('chat.history.deleted'),
        error: (error: unknown) => this.fail(error),
      });
  }

  private notify(key: MessageKey, params?: Record<string, string>): void {
    this.snackBar.open(this.i18n.t(key, params), undefined, { duration: 3000 });
  }

  private fail(error: unknown): void {
    const problem = toApiProblem(error);
    this.snackBar.open(problemMessage(this.i18n, problem), undefined, { duration: 6000 });
  }
}
