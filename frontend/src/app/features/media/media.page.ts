import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, Injector, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Subject, debounceTime, distinctUntilChanged } from 'rxjs';
import type { MediaFileDto, MediaFolderDto, SharedMediaFolderDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { confirmAction } from '../../shared/confirm-dialog/confirm-dialog';
import { pickFolder } from './folder-picker-dialog';
import { FolderTree } from './folder-tree';
import { descendantIds, findNode } from './media-folders';
import { BytesPipe, MEDIA_KINDS, downloadUrl, formatDetails, formatDuration, kindIcon, type MediaKind, type MediaSource } from '../../shared/media/media-format';
import { openPreview } from '../../shared/media/media-preview-dialog';
import { MediaTransfer } from '../../shared/media/media-transfer';
import { ALL_FILES, MediaStore, TOP_LEVEL, type MediaSort } from './media.store';
import { askName } from './name-dialog';
import { UploadQueue, type UploadEntry } from './upload-queue';
import { problemMessage } from '../../core/http/problem-message';
import { HelpLink } from '../../shared/help-link/help-link';

export const SEARCH_DEBOUNCE_MS = 300;
/** Uploads finishing close together refresh the list once. */
export const UPLOAD_REFRESH_MS = 400;
export const VIEW_STORAGE_KEY = 'webox.media.view';

export type MediaView = 'grid' | 'list';

/**
 * `/media`: the library of uploaded and generated files. Folders on the left, the files of the
 * selected one as a grid or a table, uploads by drag and drop or the Upload button (each file
 * with its progress), previews in a dialog, and the storage used against the quota.
 */
@Component({
  selector: 'wbx-media-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HelpLink, 
    DatePipe,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    MatProgressBarModule,
    MatProgressSpinnerModule,
    MatSelectModule,
    MatTableModule,
    MatTooltipModule,
    TranslatePipe,
    BytesPipe,
    FolderTree,
  ],
  providers: [MediaStore, UploadQueue, MediaTransfer],
  templateUrl: './media.page.html',
  styleUrl: './media.page.scss',
})
export default class MediaPage {
  protected readonly store = inject(MediaStore);
  protected readonly queue = inject(UploadQueue);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18nService);
  private readonly injector = inject(Injector);

  protected readonly kinds = MEDIA_KINDS;
  protected readonly all = ALL_FILES;
  protected readonly top = TOP_LEVEL;
  protected readonly columns = ['name', 'kind', 'size', 'details', 'createdAt', 'actions'];
  protected readonly locale = this.i18n.locale;
  protected readonly view = signal<MediaView>(readView());
  protected readonly dragging = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly usagePercent = computed(() => {
    const usage = this.store.usage();
    if (!usage || usage.quotaBytes <= 0) return 0;
    // A sliver stays visible as soon as anything is stored.
    return usage.usedBytes > 0 ? Math.min(100, Math.max(0.5, (100 * usage.usedBytes) / usage.quotaBytes)) : 0;
  });
  /** Where a drop or the Upload button puts files, as the user reads it. */
  protected readonly uploadTarget = computed(() => this.store.currentFolder()?.name ?? this.i18n.t('media.folders.top'));

  private readonly query = new Subject<string>();
  private dragDepth = 0;

  constructor() {
    const linkedQuery = inject(ActivatedRoute).snapshot.queryParamMap;
    // Other pages link to one folder (/media?folder=<id>, a project's shared folder): open it. The store lets go of it if it is neither mine nor shared with me.
    const linkedFolder = linkedQuery.get('folder');
    if (linkedFolder) this.store.setFilters({ folder: linkedFolder });
    else this.store.load();
    this.store.loadFolders();
    this.store.loadShared();
    this.store.loadUsage();
    const destroyRef = inject(DestroyRef);
    this.query.pipe(debounceTime(SEARCH_DEBOUNCE_MS), distinctUntilChanged(), takeUntilDestroyed(destroyRef)).subscribe((q) => this.store.setFilters({ q }));
    this.queue.uploaded.pipe(debounceTime(UPLOAD_REFRESH_MS), takeUntilDestroyed(destroyRef)).subscribe(() => this.store.refreshAll());
    // Other pages link to one file (/media?file=<id>): open its preview over the library.
    const linked = linkedQuery.get('file');
    if (linked) {
      this.store.fetchFile(linked).subscribe({
        next: (file) => openPreview(this.dialog, { files: [file], index: 0, folders: this.knownFolders() }, this.injector),
        error: () => undefined,
      });
    }
  }

  protected kindIcon = kindIcon;
  protected details = formatDetails;

  protected kindName(kind: MediaKind): MessageKey {
    return `media.kindName.${kind}`;
  }

  protected kindFilterName(kind: MediaKind): MessageKey {
    return `media.kind.${kind}`;
  }

  protected duration(file: MediaFileDto): string | null {
    return file.durationSeconds === null ? null : formatDuration(file.durationSeconds);
  }

  protected download(file: MediaFileDto): string {
    return downloadUrl(file);
  }

  protected projectNames(folder: SharedMediaFolderDto): string {
    return folder.projects.map((project) => project.name).join(', ');
  }

  /** My folders and those shared with me: a file's folder is named whichever it is in. */
  private knownFolders(): MediaFolderDto[] {
    return [...this.store.folders(), ...this.store.sharedFolders()];
  }

  protected uploadStatus(entry: UploadEntry): MessageKey {
    if (entry.status === 'uploading' && entry.progress >= 100) return 'media.upload.processing';
    return `media.upload.status.${entry.status}`;
  }

  // Filters and view

  protected search(q: string): void {
    this.query.next(q);
  }

  protected selectFolder(folder: string): void {
    if (folder !== this.store.filters().folder) this.store.setFilters({ folder });
  }

  protected setKind(kind: MediaKind | null): void {
    this.store.setFilters({ kind });
  }

  protected setSource(source: MediaSource | null): void {
    this.store.setFilters({ source });
  }

  protected setSort(sort: MediaSort): void {
    this.store.setFilters({ sort });
  }

  protected setView(view: MediaView): void {
    this.view.set(view);
    try {
      localStorage.setItem(VIEW_STORAGE_KEY, view);
    } catch {
      // Storage can be unavailable (private mode): the choice then lasts for this page only.
    }
  }

  // Uploads

  protected uploadFrom(input: HTMLInputElement): void {
    const files = Array.from(input.files ?? []);
    input.value = '';
    this.upload(files);
  }

  protected onDragEnter(event: DragEvent): void {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    // Nothing goes into a folder shared with me (the drop is still taken, so the browser does not open the file).
    if (this.store.readOnly()) return;
    this.dragDepth++;
    this.dragging.set(true);
  }

  protected onDragOver(event: DragEvent): void {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  }

  protected onDragLeave(event: DragEvent): void {
    if (!carriesFiles(event)) return;
    this.dragDepth = Math.max(0, this.dragDepth - 1);
    if (this.dragDepth === 0) this.dragging.set(false);
  }

  protected onDrop(event: DragEvent): void {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    this.dragDepth = 0;
    this.dragging.set(false);
    this.upload(Array.from(event.dataTransfer?.files ?? []));
  }

  private upload(files: File[]): void {
    if (files.length && !this.store.readOnly()) this.queue.add(files, this.store.uploadFolderId(), this.store.usage()?.maxFileBytes);
  }

  // Files

  protected open(file: MediaFileDto): void {
    const files = this.store.files();
    openPreview(this.dialog, { files, index: Math.max(0, files.indexOf(file)), folders: this.knownFolders() }, this.injector);
  }

  protected renameFile(file: MediaFileDto): void {
    askName(this.dialog, {
      title: this.i18n.t('media.file.renameTitle'),
      label: this.i18n.t('media.file.nameLabel'),
      confirm: this.i18n.t('common.save'),
      value: file.name,
      selectBaseName: true,
      submit: (name) => this.store.renameFile(file, name),
    }).subscribe();
  }

  protected moveFile(file: MediaFileDto): void {
    pickFolder(this.dialog, {
      title: this.i18n.t('media.file.moveTitle', { name: file.name }),
      folders: this.store.folders(),
      current: file.folderId,
      submit: (folderId) => this.store.moveFile(file, folderId),
    }).subscribe((folderId) => {
      if (folderId !== undefined) this.notify(this.i18n.t('media.file.moved', { folder: this.folderName(folderId) }));
    });
  }

  protected deleteFile(file: MediaFileDto): void {
    const data = { title: this.i18n.t('media.file.deleteTitle'), message: this.i18n.t('media.file.deleteMessage', { name: file.name }), confirm: this.i18n.t('common.delete'), cancel: this.i18n.t('common.cancel') };
    confirmAction(this.dialog, data).subscribe((confirmed) => {
      if (!confirmed) return;
      this.store.deleteFile(file).subscribe({ next: () => this.notify(this.i18n.t('media.file.deleted')), error: (error: unknown) => this.fail(error) });
    });
  }

  // Folders

  /** A new folder inside `parent`; from the tree's header (null), inside the one open. */
  protected createFolder(parent: MediaFolderDto | null): void {
    const inside = parent ?? this.store.currentFolder();
    askName(this.dialog, {
      title: inside ? this.i18n.t('media.folders.createInTitle', { name: inside.name }) : this.i18n.t('media.folders.createTitle'),
      label: this.i18n.t('media.folders.nameLabel'),
      confirm: this.i18n.t('media.folders.create'),
      value: '',
      submit: (name) => this.store.createFolder(name, inside?.id ?? null),
    }).subscribe();
  }

  protected renameFolder(folder: MediaFolderDto): void {
    askName(this.dialog, {
      title: this.i18n.t('media.folders.renameTitle'),
      label: this.i18n.t('media.folders.nameLabel'),
      confirm: this.i18n.t('common.save'),
      value: folder.name,
      submit: (name) => this.store.renameFolder(folder, name),
    }).subscribe();
  }

  protected moveFolder(folder: MediaFolderDto): void {
    pickFolder(this.dialog, {
      title: this.i18n.t('media.folders.moveTitle', { name: folder.name }),
      folders: this.store.folders(),
      current: folder.parentId,
      excluded: descendantIds(this.store.folders(), folder.id),
      submit: (parentId) => this.store.moveFolder(folder, parentId),
    }).subscribe((parentId) => {
      if (parentId !== undefined) this.notify(this.i18n.t('media.folders.moved', { folder: this.folderName(parentId) }));
    });
  }

  /** Asks first; a folder that holds anything (409 FOLDER_NOT_EMPTY) is deleted with its contents only after a second question. */
  protected deleteFolder(folder: MediaFolderDto): void {
    const data = { title: this.i18n.t('media.folders.deleteTitle'), message: this.i18n.t('media.folders.deleteMessage', { name: folder.name }), confirm: this.i18n.t('common.delete'), cancel: this.i18n.t('common.cancel') };
    confirmAction(this.dialog, data).subscribe((confirmed) => {
      if (!confirmed) return;
      this.store.deleteFolder(folder, false).subscribe({
        next: () => this.notify(this.i18n.t('media.folders.deleted')),
        error: (error: unknown) => (toApiProblem(error).code === 'FOLDER_NOT_EMPTY' ? this.deleteWithContents(folder) : this.fail(error)),
      });
    });
  }

  private deleteWithContents(folder: MediaFolderDto): void {
    const node = findNode(this.store.tree(), folder.id);
    const data = {
      title: this.i18n.t('media.folders.notEmptyTitle'),
      message: this.i18n.t('media.folders.notEmptyMessage', { name: folder.name, files: node?.totalFiles ?? folder.fileCount, folders: node?.totalFolders ?? 0 }),
      confirm: this.i18n.t('media.folders.deleteWithContents'),
      cancel: this.i18n.t('common.cancel'),
    };
    confirmAction(this.dialog, data).subscribe((confirmed) => {
      if (!confirmed) return;
      this.store.deleteFolder(folder, true).subscribe({ next: () => this.notify(this.i18n.t('media.folders.deleted')), error: (error: unknown) => this.fail(error) });
    });
  }

  private folderName(folderId: string | null): string {
    return (folderId && this.store.folders().find((folder) => folder.id === folderId)?.name) || this.i18n.t('media.folders.top');
  }

  private notify(message: string): void {
    this.error.set(null);
    this.snackBar.open(message, undefined, { duration: 3000 });
  }

  private fail(error: unknown): void {
    const problem = toApiProblem(error);
    this.error.set(problemMessage(this.i18n, problem));
  }
}

function readView(): MediaView {
  try {
    return localStorage.getItem(VIEW_STORAGE_KEY) === 'list' ? 'list' : 'grid';
  } catch {
    return 'grid';
  }
}

/** Files dragged from the desktop, not text or a link dragged within the page. */
function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}
