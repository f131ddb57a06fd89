import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import type { Observable } from 'rxjs';
import type { PromptDto, RenderedPromptDto } from '../../api/models';
import { FormSubmission } from '../../core/http/form-submission';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { PromptPreview } from './prompt-preview';
import { renderTemplate } from './prompt-template';

export interface PromptUseDialogData {
  prompt: PromptDto;
  /** Renders the prompt with these variables on the server (which counts the use). */
  use: (variables: Record<string, string>) => Observable<RenderedPromptDto>;
  /** The confirming button's text; "Use in chat" by default. */
  confirmLabel?: MessageKey;
}

/** Fills a prompt's variables; closes with the text rendered by the server (the use is counted). */
@Component({
  selector: 'wbx-prompt-use-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogModule, MatButtonModule, TranslatePipe, PromptPreview],
  template: `
    <h2 mat-dialog-title>{{ data.prompt.title }}</h2>
    <mat-dialog-content>
      @if (submission.error(); as message) {
        <div class="wbx-error-banner" role="alert">{{ message }}</div>
      }
      <wbx-prompt-preview [body]="data.prompt.body" [labels]="labels" [(values)]="values" />
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
      <button mat-flat-button type="button" (click)="use()" [disabled]="missing() || submission.busy()" data-testid="prompt-use-confirm">{{ data.confirmLabel ?? 'prompts.useInChat' | t }}</button>
    </mat-dialog-actions>
  `,
  styles: 'wbx-prompt-preview { min-width: min(520px, 80vw); padding-top: 8px; }',
})
export class PromptUseDialog {
  protected readonly data = inject<PromptUseDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<PromptUseDialog, string>>(MatDialogRef);

  protected readonly values = signal<Record<string, string>>({});
  protected readonly submission = new FormSubmission();
  protected readonly labels = Object.fromEntries(this.data.prompt.variables.flatMap((variable) => (variable.label ? [[variable.name, variable.label]] : [])));
  protected readonly missing = computed(() => renderTemplate(this.data.prompt.body, this.values()).missing.length > 0);

  protected use(): void {
    const variables = Object.fromEntries(Object.entries(this.values()).filter(([, value]) => value.trim()));
    this.submission.submit(null, () => this.data.use(variables), { leaves: true, saved: (rendered) => this.ref.close(rendered.text) });
  }
}
