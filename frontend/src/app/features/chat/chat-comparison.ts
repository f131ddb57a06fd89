import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, output } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import type { ChatModelDto } from '../../api/models';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { CostPipe, CountPipe, DurationPipe } from '../../shared/format/number-format';
import { ChatReply } from './chat-reply';
import { ChatMerge } from './chat-merge';
import { ChatQuestion } from './chat-question';
import type { ReplyStatus, ReplyView, TurnView } from '../../shared/chat/chat-turns';
import type { MessageKey } from '../../core/i18n/messages.en';

interface Row {
  id: string;
  model: ChatModelDto | null;
  reply: ReplyView;
}

type Best = Partial<Record<'ttft' | 'duration' | 'cost', string>>;

/**
 * One turn, every model's answer one under the other with its metrics, and a table on top that
 * points out the fastest and the cheapest. As in the columns: the question's versions (`< 2/3 >`),
 * edit and resend, every reply written again, and each reply's versions, regenerate and continue.
 */
@Component({
  selector: 'wbx-chat-comparison',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatFormFieldModule, MatSelectModule, MatIconModule, TranslatePipe, CostPipe, CountPipe, DurationPipe, ChatReply, ChatMerge, ChatQuestion],
  templateUrl: './chat-comparison.html',
  styleUrl: './chat-comparison.scss',
})
export class ChatComparison {
  readonly turns = input.required<readonly TurnView[]>();
  readonly models = input.required<ReadonlyMap<string, ChatModelDto>>();
  /** The selected models, whose order the rows follow. */
  readonly order = input<readonly string[]>([]);
  readonly canRegenerate = input(false);
  readonly streamSize = input(1);
  /** Every model of the catalogue, and the user's default: what a merge may be asked of. */
  readonly modelList = input<readonly ChatModelDto[]>([]);
  readonly defaultModel = input<string | null>(null);
  /** Merge the answers of the turn compared with this model. */
  readonly merge = output<{ turnKey: string; model: string }>();
  /** A model's reply to the turn compared, to write again or to continue. */
  readonly regenerate = output<{ model: string; turnKey: string }>();
  readonly continueReply = output<{ model: string; turnKey: string }>();
  /** The question of the turn compared, edited and sent again (a new version of it). */
  readonly editQuestion = output<{ turnKey: string; text: string }>();
  /** Every reply to the turn compared, written again. */
  readonly regenerateAll = output<string>();
  /** A reply version to show. */
  readonly showVersion = output<string>();
  readonly stop = output<void>();

  /**
   * The turn compared: the last one, until the reader picks another. Another version of the branch
   * (reloaded, its turns new) keeps the same turn number when it still has it.
   */
  protected readonly chosen = linkedSignal<readonly TurnView[], string | null>({
    source: this.turns,
    computation: (turns, previous) => {
      const last = turns.at(-1)?.key ?? null;
      if (!previous) return last;
      // The same turns with one more (a message sent): the last one followed, another one kept.
      if (turns.some((turn) => turn.key === previous.value)) return previous.value === previous.source.at(-1)?.key ? last : previous.value;
      const number = previous.source.find((turn) => turn.key === previous.value)?.turn;
      return turns.find((turn) => turn.turn === number)?.key ?? last;
    },
  });
  protected readonly turn = computed(() => this.turns().find((turn) => turn.key === this.chosen()) ?? null);
  protected readonly rows = computed<Row[]>(() => {
    const turn = this.turn();
    if (!turn) return [];
    const order = this.order();
    const ids = Object.keys(turn.replies).sort((a, b) => rank(order, a) - rank(order, b));
    return ids.map((id) => ({ id, model: this.models().get(id) ?? null, reply: turn.replies[id]! }));
  });
  protected readonly best = computed<Best>(() => {
    const done = this.rows().filter((row) => row.reply.status === 'complete');
    if (done.length < 2) return {};
    const min = (value: (row: Row) => number | null) => {
      const candidates = done.filter((row) => value(row) !== null);
      return candidates.length ? candidates.reduce((best, row) => (value(row)! < value(best)! ? row : best)).id : undefined;
    };
    return { ttft: min((row) => row.reply.ttftMs), duration: min((row) => row.reply.durationMs), cost: min((row) => row.reply.cost) };
  });

  protected statusKey(status: ReplyStatus): MessageKey {
    return `chat.status.${status}`;
  }

  protected label(turn: TurnView): string {
    const text = turn.question.replace(/\s+/g, ' ').trim();
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  }
}

function rank(order: readonly string[], id: string): number {
  const index = order.indexOf(id);
  return index === -1 ? order.length : index;
}
