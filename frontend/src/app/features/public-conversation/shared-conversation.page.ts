import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { toObservable, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { catchError, map, of, switchMap } from 'rxjs';
import type { PublicConversationDto } from '../../api/models';
import { CollaborationService } from '../../api/services';
import { toApiProblem } from '../../core/http/api-error';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { Markdown } from '../../shared/markdown/markdown';

type View = { state: 'loading' } | { state: 'ready'; conversation: PublicConversationDto } | { state: 'missing' } | { state: 'failed' };

/** A turn of the snapshot: the question, then each model's answer (its columns), then a merged answer if any. */
interface SnapshotTurn {
  turn: number;
  question: string | null;
  answers: PublicConversationDto['messages'];
}

/**
 * A conversation shared by public link (`/shared/{token}`), read without an account: the
 * snapshot the API gives (title, questions, the models' answers with their names), its Markdown
 * sanitised. A revoked or expired link says so.
 */
@Component({
  selector: 'wbx-shared-conversation-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, MatIconModule, RouterLink, TranslatePipe, Markdown],
  templateUrl: './shared-conversation.page.html',
  styleUrl: './shared-conversation.page.scss',
})
export default class SharedConversationPage {
  private readonly api = inject(CollaborationService);
  /** From the route (`withComponentInputBinding`). */
  readonly token = input.required<string>();
  protected readonly view = signal<View>({ state: 'loading' });
  protected readonly turns = signal<SnapshotTurn[]>([]);

  constructor() {
    toObservable(this.token)
      .pipe(
        switchMap((token) =>
          this.api.getPublicConversation({ token }).pipe(
            map((conversation): View => ({ state: 'ready', conversation })),
            catchError((error: unknown) => of<View>(toApiProblem(error).status === 404 ? { state: 'missing' } : { state: 'failed' })),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((view) => {
        this.view.set(view);
        this.turns.set(view.state === 'ready' ? turnsOf(view.conversation) : []);
      });
  }
}

function turnsOf(conversation: PublicConversationDto): SnapshotTurn[] {
  const turns = new Map<number, SnapshotTurn>();
  for (const message of conversation.messages) {
    const turn = turns.get(message.turn) ?? { turn: message.turn, question: null, answers: [] };
    if (message.role === 'user') turn.question = message.content;
    else turn.answers = [...turn.answers, message];
    turns.set(message.turn, turn);
  }
  return [...turns.values()].sort((a, b) => a.turn - b.turn);
}
