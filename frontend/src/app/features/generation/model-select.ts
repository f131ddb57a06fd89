import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { type FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import { of, startWith, switchMap } from 'rxjs';
import type { ChatModelDto, GenerationModelDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { formatPrice } from '../../shared/format/number-format';
import type { UnavailableNote } from './generation-options';
import { KeyNote } from './key-note';

export interface ModelOption {
  id: string;
  name: string;
  available: boolean;
  offline: boolean;
  /** Why it cannot be used (no key), when it cannot. */
  reason: string | null;
  /** Its price in words, or "Free". */
  price: string;
}

interface OptionGroup {
  label: string;
  options: ModelOption[];
}

const PROVIDER_LABELS: Record<string, string> = { local: 'Webox', openai: 'OpenAI', replicate: 'Replicate', elevenlabs: 'ElevenLabs' };

/**
 * A model chooser for a generation form: models grouped by provider with their price and an
 * "offline" badge; those without credentials are shown disabled with the reason, and a link to
 * the profile below; vendors with no public API are named below too, with what to use instead.
 */
@Component({
  selector: 'wbx-model-select',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatIconModule, MatSelectModule, TranslatePipe, KeyNote],
  template: `
    <mat-form-field class="wbx-full-width">
      <mat-label>{{ label() }}</mat-label>
      <mat-select [formControl]="control()" [attr.data-testid]="testId()" panelClass="wbx-model-select-panel">
        <mat-select-trigger>
          {{ selected()?.name }}
          @if (selected()?.offline) {
            <span class="badge offline">{{ 'chat.offline' | t }}</span>
          }
        </mat-select-trigger>
        @for (group of groups(); track group.label) {
          <mat-optgroup [label]="group.label">
            @for (option of group.options; track option.id) {
              <mat-option [value]="option.id" [disabled]="!option.available" [attr.data-model]="option.id">
                <span class="option-name">{{ option.name }}</span>
                @if (option.offline) {
                  <span class="badge offline">{{ 'chat.offline' | t }}</span>
                }
                <span class="option-detail" [class.reason]="!option.available">{{ option.available ? option.price : option.reason }}</span>
              </mat-option>
            }
          </mat-optgroup>
        }
      </mat-select>
      @if (control().hasError('server')) {
        <mat-error>{{ control().getError('server') }}</mat-error>
      } @else if (control().hasError('required')) {
        <mat-error>{{ 'generation.field.modelRequired' | t }}</mat-error>
      }
    </mat-form-field>
    @if (keyNote() && someLocked()) {
      <wbx-key-note />
    }
    @for (note of notes(); track note.name) {
      <p class="note vendor" data-testid="unavailable-note">
        <mat-icon aria-hidden="true">block</mat-icon>
        <span>{{ 'generation.models.unavailable' | t: { name: note.name, reason: note.reason, alternatives: note.alternatives.join(', ') } }}</span>
      </p>
    }
  `,
  styleUrl: './model-select.scss',
})
export class ModelSelect {
  private readonly i18n = inject(I18nService);

  readonly label = input.required<string>();
  readonly control = input.required<FormControl<string>>();
  readonly models = input.required<readonly (GenerationModelDto | ChatModelDto)[]>();
  readonly notes = input<readonly UnavailableNote[]>([]);
  readonly testId = input<string | null>(null);
  /** Says under the field that models without a key are greyed out (a form with several model fields says it once). */
  readonly keyNote = input(true);

  private readonly value = toSignal(toObservable(this.control).pipe(switchMap((control) => (control ? control.valueChanges.pipe(startWith(control.value)) : of('')))));

  protected readonly options = computed<ModelOption[]>(() => {
    this.i18n.language();
    return this.models().map((model) => ({
      id: model.id,
      name: model.name,
      available: model.available,
      offline: model.offline,
      reason: model.available ? null : (model.unavailableReason ?? this.i18n.t('generation.models.noKey')),
      price: this.price(model),
    }));
  });
  protected readonly groups = computed<OptionGroup[]>(() => {
    const groups = new Map<string, OptionGroup>();
    this.models().forEach((model, index) => {
      const label = 'providerLabel' in model ? model.providerLabel : (PROVIDER_LABELS[model.provider] ?? model.provider);
      const group = groups.get(label) ?? { label, options: [] };
      group.options.push(this.options()[index]!);
      groups.set(label, group);
    });
    return [...groups.values()];
  });
  protected readonly selected = computed(() => this.options().find((option) => option.id === this.value()));
  readonly someLocked = computed(() => this.models().some((model) => !model.available));

  private price(model: GenerationModelDto | ChatModelDto): string {
    const locale = this.i18n.locale();
    if ('priceUnit' in model) {
      if (model.price === 0) return this.i18n.t('chat.price.free');
      return this.i18n.t(`generation.price.${model.priceUnit}`, { price: formatPrice(model.price, locale) });
    }
    if (model.inputPricePerMTok === 0 && model.outputPricePerMTok === 0) return this.i18n.t('chat.price.free');
    return this.i18n.t('chat.price.perMTok', { input: formatPrice(model.inputPricePerMTok, locale), output: formatPrice(model.outputPricePerMTok, locale) });
  }
}
