import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule, type MatSelectionListChange } from '@angular/material/list';
import type { Observable } from 'rxjs';
import type { MediaFolderDto } from '../../api/models';
import { FormSubmission } from '../../core/http/form-submission';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { buildFolderTree, flattenTree } from './media-folders';
import { TOP_LEVEL } from './media.store';

export interface FolderPickerData {
  title: string;
  folders: readonly MediaFolderDto[];
  /** Where the item is now; null: the top. */
  current: string | null;
  /** Folders that cannot be chosen (a folder itself and what is below it). */
  excluded?: ReadonlySet<string>;
  /** Moves the item; the dialog stays open with the server's message when it is refused. */
  submit: (folderId: string | null) => Observable<unknown>;
}

/** Chooses the folder to move a file or a folder to; closes with it (null: the top) once moved. */
@Component({
  selector: 'wbx-folder-picker-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogModule, MatButtonModule, MatIconModule, MatListModule, TranslatePipe],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      @if (submission.error(); as message) {
        <div class="wbx-error-banner" role="alert">{{ message }}</div>
      }
      <mat-selection-list [multiple]="false" (selectionChange)="choose($event)" [attr.aria-label]="'media.move.target' | t" data-testid="folder-picker">
        <mat-list-option [value]="top" [selected]="selected() === top" [disabled]="(data.current ?? top) === top" data-testid="folder-option">
          <mat-icon matListItemIcon>home</mat-icon>
          <span matListItemTitle>{{ 'media.folders.top' | t }}</span>
          @if (data.current === null) {
            <span matListItemLine>{{ 'media.move.current' | t }}</span>
          }
        </mat-list-option>
        @for (node of nodes; track node.folder.id) {
          <mat-list-option
            [value]="node.folder.id"
            [selected]="selected() === node.folder.id"
            [disabled]="excluded.has(node.folder.id) || data.current === node.folder.id"
            [style.padding-left.px]="16 + 20 * (node.depth + 1)"
            [attr.data-folder]="node.folder.name"
            data-testid="folder-option"
          >
            <mat-icon matListItemIcon>folder</mat-icon>
            <span matListItemTitle>{{ node.folder.name }}</span>
            @if (data.current === node.folder.id) {
              <span matListItemLine>{{ 'media.move.current' | t }}</span>
            }
          </mat-list-option>
        }
      </mat-selection-list>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
      <button mat-flat-button type="button" (click)="move()" [disabled]="selected() === null || submission.busy()" data-testid="folder-picker-confirm">{{ 'media.move.confirm' | t }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    mat-selection-list {
      min-width: min(400px, 75vw);
      max-height: 50vh;
      overflow-y: auto;
    }
  `,
})
export class FolderPickerDialog {
  protected readonly data = inject<FolderPickerData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<FolderPickerDialog, string | null>>(MatDialogRef);

  protected readonly top = TOP_LEVEL;
  protected readonly nodes = flattenTree(buildFolderTree(this.data.folders));
  protected readonly excluded = this.data.excluded ?? new Set<string>();
  /** The chosen folder's id, TOP_LEVEL, or null before a choice. */
  protected readonly selected = signal<string | null>(null);
  protected readonly submission = new FormSubmission();

  protected choose(change: MatSelectionListChange): void {
    this.selected.set((change.options[0]?.selected ? (change.options[0].value as string) : null) ?? null);
  }

  protected move(): void {
    const selected = this.selected();
    if (selected === null) return;
    const folderId = selected === TOP_LEVEL ? null : selected;
    this.submission.submit(null, () => this.data.submit(folderId), { leaves: true, saved: () => this.ref.close(folderId) });
  }
}

export function pickFolder(dialog: MatDialog, data: FolderPickerData): Observable<string | null | undefined> {
  return dialog.open<FolderPickerDialog, FolderPickerData, string | null>(FolderPickerDialog, { data, width: '480px' }).afterClosed();
}
