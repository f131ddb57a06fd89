import type { TokenUsage } from '../../../ai/capabilities';
import type { Citation } from '../../tools/tool';

/** Webox's own failure (its database, say) in a stream already under way: never blamed on a vendor. */
export const INTERNAL_ERROR = 'INTERNAL_ERROR';

/** The Server-Sent Events of one chat turn, multiplexed over every model of the turn. */
export type ChatEvent =
  | { event: 'turn'; data: { conversationId: string; turn: number; userMessageId: string | null } }
  | { event: 'start'; data: { model: string; messageId: string } }
  | { event: 'delta'; data: { model: string; text: string } }
  /** The model asked for a tool; its arguments are complete. */
  | { event: 'tool_call'; data: { model: string; messageId: string; callId: string; name: string; arguments: Record<string, unknown> } }
  /** A tool finished: a summary for the user, or the error the model was told. */
  | { event: 'tool_result'; data: { model: string; messageId: string; callId: string; name: string; summary: string; durationMs: number; error?: string; mediaFileIds?: string[]; jobIds?: string[] } }
  /** The agent loop says something: a limit reached, a tool that could not be offered and why. */
  | { event: 'note'; data: { model: string; messageId: string; text: string } }
  /** `usage` and `cost` count every model call of the turn; `citations` are the passages [n] refers to. */
  | { event: 'done'; data: { model: string; messageId: string; status: 'complete'; usage: TokenUsage; cost: number; ttftMs: number | null; durationMs: number; citations: Citation[] } }
  /**
   * One model failed (the others go on); `provider` is set when the vendor did. Without `model`,
   * the turn itself failed after it started (code `INTERNAL_ERROR`); `end` still follows.
   */
  | { event: 'error'; data: { model?: string; messageId?: string; code: string; message: string; provider?: string } }
  | { event: 'end'; data: { conversationId: string; turn: number; title: string } };

/**
 * Interleaves several async streams into one, in arrival order. Every source is consumed to its
 * end; a source that throws ends the merged stream with that error.
 */
export async function* merge<T>(sources: AsyncIterable<T>[]): AsyncIterable<T> {
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  const pending = new Map<number, Promise<{ index: number; result: IteratorResult<T> }>>();
  // Re-inserted at the end of the map, so a source with a burst of ready values cannot starve the others.
  const pull = (index: number) => {
    pending.delete(index);
    pending.set(index, iterators[index]!.next().then((result) => ({ index, result })));
  };
  iterators.forEach((_, index) => pull(index));
  while (pending.size) {
    const { index, result } = await Promise.race(pending.values());
    if (result.done) {
      pending.delete(index);
    } else {
      pull(index);
      yield result.value;
    }
  }
}
