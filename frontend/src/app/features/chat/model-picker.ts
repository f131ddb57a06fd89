import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { NgTemplateOutlet } from '@angular/common';
import { RouterLink } from '@angular/router';
import type { ChatModelDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { replyErrorText } from '../../shared/chat/reply-error';
import { MAX_MODELS } from './chat.store';
import { orderModels } from './model-order';
import { ModelPricePipe } from './model-price';

/**
 * Chooses the 1 to 12 models a message goes to. The usable models come first, the favorites at the
 * top (a star marks and unmarks one); the models that cannot be used follow, each with the reason
 * beside it (a selected one can still be removed). The last selected model cannot be removed and a
 * 13th cannot be added.
 */
@Component({
  selector: 'wbx-model-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NgTemplateOutlet, MatButtonModule, MatCheckboxModule, MatIconModule, MatTooltipModule, RouterLink, TranslatePipe, ModelPricePipe],
  templateUrl: './model-picker.html',
  styleUrl: './model-picker.scss',
})
export class ModelPicker {
  readonly models = input.required<readonly ChatModelDto[]>();
  readonly selected = input.required<readonly string[]>();
  /** The user's favorite models (profile), shown first. */
  readonly favorites = input<readonly string[]>([]);
  readonly selectedChange = output<string[]>();
  /** The star of a model was clicked: the page adds it to the favorites or takes it out. */
  readonly favoriteToggle = output<string>();

  private readonly i18n = inject(I18nService);
  protected readonly max = MAX_MODELS;
  protected readonly filter = signal('');
  protected readonly full = computed(() => this.selected().length >= MAX_MODELS);
  protected readonly ordered = computed(() => orderModels(this.models(), this.favorites(), this.filter()));
  /** Some unusable model lacks a key (not only turned off by an administrator): the profile link helps. */
  protected readonly anyKeyless = computed(() => this.ordered().unusable.some((model) => model.unavailableCode !== 'MODEL_DISABLED'));

  protected isSelected(model: ChatModelDto): boolean {
    return this.selected().includes(model.id);
  }

  protected isFavorite(model: ChatModelDto): boolean {
    return this.favorites().includes(model.id);
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

  /** Why a model cannot be used, in the reader's language (its code translated, else the server's sentence). */
  protected reason(model: ChatModelDto): string {
    return replyErrorText(this.i18n, { code: model.unavailableCode ?? null, params: { provider: model.provider }, message: model.unavailableReason ?? null });
  }
}
