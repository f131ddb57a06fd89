import type { StreamEventOf } from '../../../common/contract';
import type { CHAT_STREAM } from '../dto/chat-events.dto';

/**
 * The Server-Sent Events of one chat turn, multiplexed over every model of the turn: `{ event, data }`
 * typed by the DTOs of `CHAT_STREAM`, which the contract publishes as `ChatStreamEvent`.
 */
export type ChatEvent = StreamEventOf<(typeof CHAT_STREAM)['events']>;

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
