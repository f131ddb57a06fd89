import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Observable } from 'rxjs';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

const MAX_TITLE = 200;
const MAX_FOLDER = 60;

interface NameRequest {
  value: string;
  heading: MessageKey;
  label: MessageKey;
  max: number;
}

/** Asks for a name (a conversation's new title, a new folder's); closes with it (trimmed), or with nothing when cancelled. */
@Component({
  selector: 'wbx-rename-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, TranslatePipe],
  template: `
    <h2 mat-dialog-title>{{ request.heading | t }}</h2>
    <form (submit)="save($event)" novalidate>
      <mat-dialog-content>
        <mat-form-field appearance="outline" class="wbx-full-width">
          <mat-label>{{ request.label | t }}</mat-label>
          <input matInput [formControl]="title" name="title" cdkFocusInitial autocomplete="off" data-testid="rename-input" />
          @if (title.hasError('required')) {
            <mat-error>{{ 'validation.required' | t }}</mat-error>
          } @else if (title.hasError('maxlength')) {
            <mat-error>{{ 'validation.maxLength' | t: { max: max } }}</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit">{{ 'common.save' | t }}</button>
      </mat-dialog-actions>
    </form>
  `,
})
export class RenameDialog {
  private readonly dialogRef = inject<MatDialogRef<RenameDialog, string>>(MatDialogRef);
  protected readonly request = inject<NameRequest>(MAT_DIALOG_DATA);
  protected readonly max = this.request.max;
  protected readonly title = new FormControl(this.request.value, { nonNullable: true, validators: [Validators.required, Validators.maxLength(this.request.max)] });

  protected save(event: Event): void {
    event.preventDefault();
    const title = this.title.value.trim();
    if (!title) this.title.setValue('');
    if (this.title.invalid || !title) {
      this.title.markAsTouched();
      return;
    }
    this.dialogRef.close(title);
  }
}

function askName(dialog: MatDialog, request: NameRequest): Observable<string | undefined> {
  return dialog.open<RenameDialog, NameRequest, string>(RenameDialog, { data: request, width: '480px' }).afterClosed();
}

export function askNewTitle(dialog: MatDialog, current: string): Observable<string | undefined> {
  return askName(dialog, { value: current, heading: 'chat.history.renameTitle', label: 'chat.history.titleLabel', max: MAX_TITLE });
}

export function askFolderName(dialog: MatDialog): Observable<string | undefined> {
  return askName(dialog, { value: '', heading: 'chat.history.newFolderTitle', label: 'chat.history.folderLabel', max: MAX_FOLDER });
}
