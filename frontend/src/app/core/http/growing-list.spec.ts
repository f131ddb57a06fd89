import { Subject } from 'rxjs';
import { GrowingList, type Page } from './paged-list';

interface Row {
  id: string;
}
const page = (ids: string[], total: number, number = 1): Page<Row> => ({ items: ids.map((id) => ({ id })), total, page: number });

describe('GrowingList', () => {
  it('adds the next page without repeating a row, and stops when everything is shown', () => {
    const answers = new Map<number, Subject<Page<Row>>>();
    const list = new GrowingList<Row>((n) => answers.set(n, new Subject()).get(n)!);
    list.load();
    answers.get(1)!.next(page(['a', 'b'], 3));
    expect(list.items().map((row) => row.id)).toEqual(['a', 'b']);
    expect(list.hasMore()).toBe(true);
    list.loadMore();
    // "b" moved to the second page meanwhile: shown once.
    answers.get(2)!.next(page(['b', 'c'], 3, 2));
    expect(list.items().map((row) => row.id)).toEqual(['a', 'b', 'c']);
    expect(list.hasMore()).toBe(false);
    expect(list.state()).toBe('ready');
  });

  it('drops the answer to an older request, and reports a failure of the newest only', () => {
    const answers: Subject<Page<Row>>[] = [];
    const list = new GrowingList<Row>(() => {
      answers.push(new Subject());
      return answers.at(-1)!;
    });
    list.load();
    list.load();
    answers[1]!.next(page(['new'], 1));
    answers[0]!.next(page(['old'], 1));
    answers[0]!.error(new Error('late'));
    expect(list.items().map((row) => row.id)).toEqual(['new']);
    expect(list.state()).toBe('ready');
    list.load();
    answers[2]!.error(new Error('down'));
    expect(list.view.failed()).toBe(true);
    expect(list.items().map((row) => row.id)).toEqual(['new']);
  });
});
