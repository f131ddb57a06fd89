import { ChangeDetectionStrategy, Component, ElementRef, afterNextRender, inject, viewChild } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Observable } from 'rxjs';
import { FormSubmission } from '../../core/http/form-submission';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

export const MAX_NAME = 255;

export interface NameDialogData {
  title: string;
  label: string;
  confirm: string;
  value: string;
  /** For a file name: select the part before the extension, as file managers do. */
  selectBaseName?: boolean;
  /** Saves the name; the dialog stays open with the server's message when it is refused. */
  submit: (name: string) => Observable<unknown>;
}

/** Asks for a folder's or a file's name and saves it; closes with the name once saved. */
@Component({
  selector: 'wbx-media-name-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, TranslatePipe],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <form (submit)="save($event)" novalidate>
      <mat-dialog-content>
        <mat-form-field appearance="outline" class="wbx-full-width">
          <mat-label>{{ data.label }}</mat-label>
          <input #input matInput [formControl]="name" name="name" autocomplete="off" data-testid="media-name-input" />
          @if (name.hasError('required')) {
            <mat-error>{{ 'validation.required' | t }}</mat-error>
          } @else if (name.hasError('maxlength')) {
            <mat-error>{{ 'validation.maxLength' | t: { max: max } }}</mat-error>
          } @else if (name.hasError('server')) {
            <mat-error data-testid="media-name-error">{{ name.getError('server') }}</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit" [disabled]="submission.busy()" data-testid="media-name-save">{{ data.confirm }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: 'form { min-width: min(420px, 80vw); }',
})
export class NameDialog {
  protected readonly data = inject<NameDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<NameDialog, string>>(MatDialogRef);
  private readonly input = viewChild.required<ElementRef<HTMLInputElement>>('input');

  protected readonly max = MAX_NAME;
  protected readonly submission = new FormSubmission();
  protected readonly name = new FormControl(this.data.value, { nonNullable: true, validators: [Validators.required, Validators.maxLength(MAX_NAME)] });

  constructor() {
    afterNextRender(() => {
      const input = this.input().nativeElement;
      input.focus();
      const dot = this.data.value.lastIndexOf('.');
      if (this.data.selectBaseName && dot > 0) input.setSelectionRange(0, dot);
      else input.select();
    });
  }

  protected save(event: Event): void {
    event.preventDefault();
    const name = this.name.value.trim();
    // Spaces alone are no name: emptied, the field says it is required.
    if (!name) this.name.setValue('');
    this.submission.submit(this.name, () => this.data.submit(name), {
      leaves: true,
      saved: () => this.ref.close(name),
      // The one field shows every refusal, its own or the server's general message.
      refused: (problem, message) => {
        this.name.setErrors({ server: problem.fieldErrors['name'] ?? message });
        this.name.markAsTouched();
      },
    });
  }
}

export function askName(dialog: MatDialog, data: NameDialogData): Observable<string | undefined> {
  return dialog.open<NameDialog, NameDialogData, string>(NameDialog, { data, width: '480px', autoFocus: false }).afterClosed();
}
