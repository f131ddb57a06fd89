import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import type { ChatModelDto } from '../../api/models';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { MAX_MODELS } from './chat.store';
import { ModelPricePipe } from './model-price';

interface ProviderGroup {
  label: string;
  models: ChatModelDto[];
  /** Not one of its models can be used: the group says why once, with a link to the profile. */
  unavailable: boolean;
  reason: string | null;
}

/**
 * Chooses the 1 to 12 models a message goes to, grouped by provider, with their prices. Models
 * without a key are shown disabled with the reason (a selected one can still be removed); the
 * last selected model cannot be removed and a 13th cannot be added.
 */
@Component({
  selector: 'wbx-model-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatCheckboxModule, MatIconModule, MatTooltipModule, RouterLink, TranslatePipe, ModelPricePipe],
  templateUrl: './model-picker.html',
  styleUrl: './model-picker.scss',
})
export class ModelPicker {
  readonly models = input.required<readonly ChatModelDto[]>();
  readonly selected = input.required<readonly string[]>();
  readonly selectedChange = output<string[]>();

  protected readonly max = MAX_MODELS;
  protected readonly filter = signal('');
  protected readonly full = computed(() => this.selected().length >= MAX_MODELS);
  protected readonly groups = computed<ProviderGroup[]>(() => {
    const filter = this.filter().trim().toLowerCase();
    const groups = new Map<string, ProviderGroup>();
    for (const model of this.models()) {
      if (filter && !`${model.name} ${model.id} ${model.providerLabel}`.toLowerCase().includes(filter)) continue;
      const group = groups.get(model.providerLabel) ?? { label: model.providerLabel, models: [], unavailable: true, reason: null };
      group.models.push(model);
      group.unavailable &&= !model.available;
      group.reason ??= model.unavailableReason ?? null;
      groups.set(model.providerLabel, group);
    }
    return [...groups.values()];
  });

  protected isSelected(model: ChatModelDto): boolean {
    return this.selected().includes(model.id);
  }

  protected isDisabled(model: ChatModelDto): boolean {
    if (this.isSelected(model)) return this.selected().length <= 1;
    return !model.available || this.full();
  }

  protected toggle(model: ChatModelDto, checked: boolean): void {
    const current = this.selected();
    if (checked) {
      if (!model.available || current.includes(model.id) || current.length >= MAX_MODELS) return;
      this.selectedChange.emit([...current, model.id]);
    } else {
      if (current.length <= 1) return;
      this.selectedChange.emit(current.filter((id) => id !== model.id));
    }
  }

  protected onFilter(event: Event): void {
    this.filter.set((event.target as HTMLInputElement).value);
  }
}
