import { setTimeout as sleep } from 'node:timers/promises';
import { merge } from './chat-events';

/** A source that yields each item after its own delay (ms since the previous item). */
async function* timed<T>(items: Array<[number, T]>): AsyncIterable<T> {
  for (const [delay, item] of items) {
    await sleep(delay);
    yield item;
  }
}

async function* ready<T>(items: T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

describe('merge', () => {
  it('interleaves the sources in arrival order', async () => {
    const a = timed([
      [10, 'a1'],
      [40, 'a2'],
      [40, 'a3'],
    ]);
    const b = timed([
      [30, 'b1'],
      [40, 'b2'],
    ]);
    expect(await collect(merge([a, b]))).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
  });

  it('does not hold a fast source behind a slow one', async () => {
    const slow = timed([[150, 'slow']]);
    const fast = timed([
      [5, 'f1'],
      [5, 'f2'],
      [5, 'f3'],
    ]);
    expect(await collect(merge([slow, fast]))).toEqual(['f1', 'f2', 'f3', 'slow']);
  });

  it('drains every source to its end, whatever their lengths', async () => {
    const items = await collect(merge([ready([1, 2, 3, 4, 5]), ready<number>([]), ready([10]), timed([[20, 100], [1, 200]])]));
    expect([...items].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 10, 100, 200]);
    // Each source keeps its own order.
    expect(items.filter((item) => item < 10)).toEqual([1, 2, 3, 4, 5]);
    expect(items.filter((item) => item >= 100)).toEqual([100, 200]);
  });

  it('takes sources that are both ready in turn, so a model with a burst of buffered tokens does not hold the others back', async () => {
    const items = await collect(merge([ready(['a1', 'a2', 'a3', 'a4']), ready(['b1', 'b2', 'b3', 'b4'])]));

    expect(items).toHaveLength(8);
    // b1 was ready before a2 was even asked for: in arrival order it comes first.
    expect(items.indexOf('b1')).toBeLessThan(items.indexOf('a2'));
  });

  it('ends at once with nothing to merge', async () => {
    expect(await collect(merge([]))).toEqual([]);
  });

  it('ends the merged stream with the error of a source that throws', async () => {
    async function* failing(): AsyncIterable<string> {
      yield 'before';
      await sleep(5);
      throw new Error('source failed');
    }
    const seen: string[] = [];
    const run = async () => {
      for await (const item of merge([failing(), timed([[100, 'late']])])) seen.push(item);
    };
    await expect(run()).rejects.toThrow('source failed');
    expect(seen).toEqual(['before']);
  });
});
