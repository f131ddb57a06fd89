import { TestBed } from '@angular/core/testing';
import { MAX_ROWS, ToolResult, resultView } from './tool-result';

describe('ToolResult', () => {
  async function render(summary: string) {
    const fixture = TestBed.createComponent(ToolResult);
    fixture.componentRef.setInput('summary', summary);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }
  const cells = (row: Element) => Array.from(row.children).map((cell) => cell.textContent!.trim());

  it('shows an object as key/value rows', async () => {
    const element = await render('{"temperature": 21.5, "unit": "°C", "sunny": true, "rain": null}');
    const rows = Array.from(element.querySelectorAll('[data-testid="tool-result-pairs"] tr'));
    expect(rows.map(cells)).toEqual([['temperature', '21.5'], ['unit', '°C'], ['sunny', 'true'], ['rain', 'null']]);
    expect(rows[0]!.querySelector('th')!.getAttribute('scope')).toBe('row');
  });

  it('shows an array of objects as a table with a column per key', async () => {
    const element = await render('[{"name": "Ada", "age": 36}, {"name": "Bob", "city": "Paris"}]');
    const table = element.querySelector('[data-testid="tool-result-table"]')!;
    expect(cells(table.querySelector('thead tr')!)).toEqual(['name', 'age', 'city']);
    expect(Array.from(table.querySelectorAll('tbody tr')).map(cells)).toEqual([['Ada', '36', ''], ['Bob', '', 'Paris']]);
  });

  it('shows an array of values as a list', async () => {
    const element = await render('["one", 2, false]');
    expect(Array.from(element.querySelectorAll('[data-testid="tool-result-list"] > li')).map((li) => li.textContent!.trim())).toEqual(['one', '2', 'false']);
  });

  it('links http(s) addresses, alone or inside the value, and leaves other schemes as text', async () => {
    const alone = await render('https://example.test/report?id=1');
    const link = alone.querySelector<HTMLAnchorElement>('[data-testid="tool-result-link"]')!;
    expect(link.getAttribute('href')).toBe('https://example.test/report?id=1');
    expect(link.rel).toContain('noopener');
    expect(link.target).toBe('_blank');

    const inside = await render('{"page": "http://example.test/", "bad": "javascript:alert(1)", "data": "data:text/html,<b>x</b>"}');
    const links = Array.from(inside.querySelectorAll('a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['http://example.test/']);
    expect(inside.textContent).toContain('javascript:alert(1)');
  });

  it('renders nested values as nested cards, and deeper ones as compact JSON text', async () => {
    const element = await render(JSON.stringify({ user: { name: 'Ada', tags: ['x', 'y'] }, orders: [{ id: 1, items: [{ sku: 'A' }] }], deep: { a: { b: { c: { d: 1 } } } } }));
    const top = element.querySelector('[data-testid="tool-result-pairs"]')!;
    const user = top.querySelector(':scope > tbody > tr:nth-child(1) > td')!;
    expect(user.querySelector('[data-testid="tool-result-pairs"]')).not.toBeNull();
    expect(user.querySelector('[data-testid="tool-result-list"]')!.textContent).toContain('y');
    const orders = top.querySelector(':scope > tbody > tr:nth-child(2) > td')!;
    expect(orders.querySelector('[data-testid="tool-result-table"] [data-testid="tool-result-table"]')).not.toBeNull();
    expect(top.querySelector(':scope > tbody > tr:nth-child(3)')!.textContent).toContain('{"d":1}');
  });

  it('never turns a value into markup', async () => {
    const element = await render('{"<img src=x onerror=alert(1)>": "<script>alert(1)</script>", "html": "<b>bold</b>"}');
    expect(element.querySelector('img, script, b')).toBeNull();
    expect(element.textContent).toContain('<script>alert(1)</script>');
    expect(element.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('shows text, and JSON cut short, as the text it is', async () => {
    expect(resultView('17.5 / 100 * 2340 = 409.5')).toEqual({ kind: 'text', text: '17.5 / 100 * 2340 = 409.5' });
    expect(resultView('{"a": 1, "b": "cut…')).toEqual({ kind: 'text', text: '{"a": 1, "b": "cut…' });
    const element = await render('Read "Example" (example.test), 1,234 characters');
    expect(element.querySelector('table, ul, a')).toBeNull();
    expect(element.textContent!.trim()).toBe('Read "Example" (example.test), 1,234 characters');
  });

  it('shows at most MAX_ROWS rows', () => {
    const view = resultView(JSON.stringify(Array.from({ length: MAX_ROWS + 5 }, (_, i) => ({ i }))));
    expect(view.kind === 'table' && view.rows.length).toBe(MAX_ROWS);
  });
});
