import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { MediaFolderDto, SharedMediaFolderDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import type { FolderNode } from './media-folders';
import { ALL_FILES, TOP_LEVEL } from './media.store';

/**
 * The folders on the left of the media page: "All files", the top of the library and the
 * folders below it, expandable. Each folder has a menu (new sub-folder, rename, move, delete);
 * the page does the work. With `shared`, the folders shared with me: no "All files" nor top, no
 * menus, and under each shared folder who shared it and through which project.
 */
@Component({
  selector: 'wbx-folder-tree',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NgTemplateOutlet, MatButtonModule, MatIconModule, MatMenuModule, MatTooltipModule, TranslatePipe],
  templateUrl: './folder-tree.html',
  styleUrl: './folder-tree.scss',
})
export class FolderTree {
  readonly tree = input.required<readonly FolderNode[]>();
  /** ALL_FILES, TOP_LEVEL or a folder's id. */
  readonly selected = input.required<string>();
  /** The selected folder and its parents, from the top. */
  readonly selectedPath = input<readonly MediaFolderDto[]>([]);
  /** The tree is of folders shared with me (`SharedMediaFolderDto`): read-only. */
  readonly shared = input(false);

  readonly selectFolder = output<string>();
  /** A new folder inside this one (null: inside the selected one, or at the top). */
  readonly createFolder = output<MediaFolderDto | null>();
  readonly renameFolder = output<MediaFolderDto>();
  readonly moveFolder = output<MediaFolderDto>();
  readonly deleteFolder = output<MediaFolderDto>();

  protected readonly all = ALL_FILES;
  protected readonly top = TOP_LEVEL;
  protected readonly expanded = signal<ReadonlySet<string>>(new Set());
  private readonly i18n = inject(I18nService);

  constructor() {
    // Opening a folder (from the breadcrumbs or after a move) shows where it is.
    effect(() => {
      const parents = this.selectedPath()
        .slice(0, -1)
        .map((folder) => folder.id);
      if (parents.length) untracked(() => this.expanded.update((open) => new Set([...open, ...parents])));
    });
  }

  /** "Bob · Atelier": who shared a shared folder, through which projects. */
  protected via(folder: MediaFolderDto): string {
    const shared = folder as SharedMediaFolderDto;
    return this.i18n.t('media.shared.via', { owner: shared.ownerName, projects: shared.projects.map((project) => project.name).join(', ') });
  }

  protected isOpen(id: string): boolean {
    return this.expanded().has(id);
  }

  protected toggle(id: string): void {
    this.expanded.update((open) => {
      const next = new Set(open);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

  protected createInside(folder: MediaFolderDto): void {
    this.expanded.update((open) => new Set([...open, folder.id]));
    this.createFolder.emit(folder);
  }
}
