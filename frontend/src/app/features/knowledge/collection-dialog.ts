import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { Observable } from 'rxjs';
import type { CreateKnowledgeCollectionDto, EmbeddingModelDto, KnowledgeCollectionDetailDto, KnowledgeCollectionDto } from '../../api/models';
import { FormSubmission } from '../../core/http/form-submission';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

export const MAX_COLLECTION_NAME = 120;
export const MAX_COLLECTION_DESCRIPTION = 1000;
/** The select's value for "no embedding model" (a select cannot hold null cleanly with strict types). */
const FULL_TEXT = '';

export interface CollectionDialogData {
  /** The collection to edit; absent: a new one. */
  collection?: KnowledgeCollectionDto;
  models: readonly EmbeddingModelDto[];
  /** Saves; the dialog stays open with the server's messages when it is refused. */
  submit: (body: CreateKnowledgeCollectionDto) => Observable<KnowledgeCollectionDetailDto>;
}

/** Creates or edits a collection: name, description and the embedding model. Closes with the saved collection. */
@Component({
  selector: 'wbx-collection-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DecimalPipe, ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, TranslatePipe],
  templateUrl: './collection-dialog.html',
  styles: `
    form {
      min-width: min(480px, 80vw);
    }
    mat-form-field + mat-form-field {
      margin-top: 4px;
    }
    mat-form-field:last-of-type {
      margin-bottom: 16px;
    }
    .option-detail {
      color: var(--mat-sys-on-surface-variant);
    }
    .warning {
      color: var(--mat-sys-tertiary);
    }
  `,
})
export class CollectionDialog {
  protected readonly data = inject<CollectionDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<CollectionDialog, KnowledgeCollectionDetailDto>>(MatDialogRef);
  private readonly i18n = inject(I18nService);

  protected readonly maxName = MAX_COLLECTION_NAME;
  protected readonly maxDescription = MAX_COLLECTION_DESCRIPTION;
  protected readonly fullText = FULL_TEXT;
  protected readonly locale = this.i18n.locale;
  protected readonly initialModel = this.data.collection?.embeddingModel ?? FULL_TEXT;
  protected readonly submission = new FormSubmission();
  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: [this.data.collection?.name ?? '', [Validators.required, Validators.maxLength(MAX_COLLECTION_NAME)]],
    description: [this.data.collection?.description ?? '', [Validators.maxLength(MAX_COLLECTION_DESCRIPTION)]],
    embeddingModel: [this.initialModel],
  });
  /** The models offered, plus the collection's own when the server no longer lists it. */
  protected readonly models = computed<readonly EmbeddingModelDto[]>(() => {
    const current = this.initialModel;
    if (!current || this.data.models.some((model) => model.id === current)) return this.data.models;
    const [provider, ...name] = current.split('/');
    return [...this.data.models, { id: current, name: name.join('/') || current, provider: provider as EmbeddingModelDto['provider'], available: false, dimensions: null, pricePerMTok: 0 }];
  });
  private readonly chosenModel = toSignal(this.form.controls.embeddingModel.valueChanges, { initialValue: this.initialModel });
  /** Changing the model of a collection that has files re-indexes them all. */
  protected readonly modelChanged = computed(() => !!this.data.collection && this.data.collection.fileCount > 0 && this.chosenModel() !== this.initialModel);

  protected save(): void {
    this.submission.submit(
      this.form,
      () => {
        const value = this.form.getRawValue();
        const body: CreateKnowledgeCollectionDto = { name: value.name.trim(), description: value.description.trim() };
        // An unchanged model is not sent: the server re-checks (and may refuse) any model it is given.
        if (!this.data.collection || value.embeddingModel !== this.initialModel) body.embeddingModel = value.embeddingModel || null;
        return this.data.submit(body);
      },
      { leaves: true, saved: (saved) => this.ref.close(saved) },
    );
  }
}

export function openCollectionDialog(dialog: MatDialog, data: CollectionDialogData): Observable<KnowledgeCollectionDetailDto | undefined> {
  return dialog.open<CollectionDialog, CollectionDialogData, KnowledgeCollectionDetailDto>(CollectionDialog, { data, width: '560px', autoFocus: 'first-tabbable' }).afterClosed();
}
