import { ChangeDetectionStrategy, Component, computed, input, model } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { parseTemplate, renderTemplate } from './prompt-template';

/** An input per `{{variable}}` of a prompt body, and the text as it will be sent. */
@Component({
  selector: 'wbx-prompt-preview',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatFormFieldModule, MatInputModule, TranslatePipe],
  template: `
    @if (parsed().malformed) {
      <p class="warning" role="alert" data-testid="prompt-malformed">{{ 'prompts.preview.malformed' | t }}</p>
    }
    @for (variable of parsed().variables; track variable.name) {
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>{{ labels()[variable.name] ?? variable.name }}</mat-label>
        <input matInput [attr.data-variable]="variable.name" [value]="valueOf(variable.name)" [placeholder]="variable.defaultValue ?? ''" (input)="set(variable.name, $any($event.target).value)" />
      </mat-form-field>
    } @empty {
      <p class="hint">{{ 'prompts.preview.noVariables' | t }}</p>
    }
    <h4>{{ 'prompts.preview.title' | t }}</h4>
    <pre class="rendered" data-testid="prompt-preview">{{ rendered().text }}</pre>
    @if (rendered().missing.length) {
      <p class="hint" data-testid="prompt-missing">{{ 'prompts.preview.missing' | t: { names: rendered().missing.join(', ') } }}</p>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    h4 {
      margin: 8px 0 0;
      font: var(--mat-sys-title-small);
    }
    .rendered {
      margin: 0;
      padding: 12px;
      min-height: 48px;
      border-radius: 12px;
      background: var(--mat-sys-surface-container-high);
      white-space: pre-wrap;
      word-break: break-word;
      font: var(--mat-sys-body-medium);
    }
    .hint {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .warning {
      margin: 0;
      color: var(--mat-sys-error);
    }
  `,
})
export class PromptPreview {
  readonly body = input.required<string>();
  readonly values = model<Record<string, string>>({});
  /** What to call each field, by variable name, when the server has a name for it (built-in prompts in French); else the name. */
  readonly labels = input<Partial<Record<string, string>>>({});

  protected readonly parsed = computed(() => parseTemplate(this.body()));
  readonly rendered = computed(() => renderTemplate(this.body(), this.values()));

  protected valueOf(name: string): string {
    return Object.hasOwn(this.values(), name) ? this.values()[name]! : '';
  }

  protected set(name: string, value: string): void {
    this.values.update((values) => ({ ...values, [name]: value }));
  }
}
