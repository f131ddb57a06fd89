import { of, Subject, throwError } from 'rxjs';
import { PagedList, type Page } from './paged-list';

describe('PagedList', () => {
  it('loads a page, and keeps the rows shown while a reload fails', () => {
    const answers = [of<Page<string>>({ items: ['a', 'b'], total: 3, page: 1 }), throwError(() => new Error('offline'))];
    const asked: number[] = [];
    const list = new PagedList<string>((page) => (asked.push(page), answers.shift()!));

    list.load(1);
    expect([list.items(), list.total(), list.page(), list.loading(), list.failed()]).toEqual([['a', 'b'], 3, 1, false, false]);

    list.load();
    expect(asked).toEqual([1, 1]);
    expect([list.items(), list.loading(), list.failed()]).toEqual([['a', 'b'], false, true]);
  });

  it('is loading until the answer comes', () => {
    const answer = new Subject<Page<string>>();
    const list = new PagedList<string>(() => answer);
    list.load(2);
    expect(list.loading()).toBe(true);
    answer.next({ items: ['c'], total: 21, page: 2 });
    expect([list.loading(), list.page()]).toEqual([false, 2]);
  });

  it('goes back a page when the last row of a later page is removed', () => {
    const asked: number[] = [];
    const list = new PagedList<string>((page) => (asked.push(page), of({ items: page === 2 ? ['only'] : ['x', 'y'], total: 21, page })));
    list.load(2);
    list.reloadAfterRemoval();
    expect(asked).toEqual([2, 1]);
    list.reloadAfterRemoval();
    expect(asked).toEqual([2, 1, 1]);
  });
});
