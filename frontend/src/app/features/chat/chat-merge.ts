import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import type { ChatModelDto } from '../../api/models';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { answeredReplies, type TurnView } from '../../shared/chat/chat-turns';
import { ChatReply } from './chat-reply';
import { OFFLINE_MODEL } from './chat.store';

/**
 * A multi-model turn's "Merge answers": a model (usable ones only; the user's default first) is
 * asked to synthesise the turn's answered columns into one answer, shown here as
 * "Merged answer · <model>" with its versions. Offered once 2 columns or more have an answer.
 */
@Component({
  selector: 'wbx-chat-merge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatSelectModule, TranslatePipe, ChatReply],
  templateUrl: './chat-merge.html',
  styleUrl: './chat-merge.scss',
})
export class ChatMerge {
  readonly turn = input.required<TurnView>();
  readonly models = input.required<readonly ChatModelDto[]>();
  /** The user's default model, when usable. */
  readonly defaultModel = input<string | null>(null);
  /** Nothing is streaming: merging (again) and the versions are offered. */
  readonly canMerge = input(false);
  readonly streamSize = input(1);
  readonly merge = output<string>();
  readonly showVersion = output<string>();
  readonly stop = output<void>();

  protected readonly usable = computed(() => this.models().filter((model) => model.available));
  protected readonly answered = computed(() => answeredReplies(this.turn()).length);
  /** The model picked: the one that merged last, else the user's default, else a column's, else the offline one. */
  protected readonly chosen = linkedSignal(() => {
    const usable = new Set(this.usable().map((model) => model.id));
    const candidates = [this.turn().merged?.model, this.defaultModel(), ...Object.keys(this.turn().replies), OFFLINE_MODEL];
    return candidates.find((id): id is string => !!id && usable.has(id)) ?? this.usable()[0]?.id ?? null;
  });
  protected readonly mergedName = computed(() => {
    const id = this.turn().merged?.model ?? '';
    return this.models().find((model) => model.id === id)?.name ?? id;
  });
}
