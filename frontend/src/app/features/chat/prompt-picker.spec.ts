import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { of } from 'rxjs';
import type { PromptDto } from '../../api/models';
import { PromptsService } from '../../api/services';
import { PromptPicker } from './prompt-picker';

function prompt(id: string, title: string, body: string, variables: string[] = []): PromptDto {
  return { id, title, body, variables } as unknown as PromptDto;
}

const LIBRARY = [prompt('p1', 'Translate to French', 'Translate this into French:'), prompt('p2', 'Translate to German', 'Translate this into German:'), prompt('p3', 'Transcript summary', 'Summarise this transcript:')];

const key = (name: string, init: KeyboardEventInit = {}) => new KeyboardEvent('keydown', { key: name, cancelable: true, ...init });
const settle = () => new Promise((resolve) => setTimeout(resolve, 260));

describe('PromptPicker', () => {
  const listPrompts = vi.fn((params: { q?: string }) => of({ items: LIBRARY.filter((p) => p.title.toLowerCase().includes((params.q ?? '').toLowerCase())), total: 0, page: 1, limit: 8 }));
  const open = vi.fn();

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    listPrompts.mockClear();
    open.mockClear();
    TestBed.configureTestingModule({
      providers: [
        { provide: PromptsService, useValue: { listPrompts, usePrompt: vi.fn() } },
        { provide: MatDialog, useValue: { open } },
      ],
    });
  });
  afterEach(() => localStorage.clear());

  async function render(query: string) {
    const fixture = TestBed.createComponent(PromptPicker);
    fixture.componentRef.setInput('query', query);
    const picked: string[] = [];
    let closed = 0;
    fixture.componentInstance.picked.subscribe((text) => picked.push(text));
    fixture.componentInstance.closed.subscribe(() => closed++);
    await settle();
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const press = async (name: string, init?: KeyboardEventInit) => {
      const taken = fixture.componentInstance.handleKey(key(name, init));
      await fixture.whenStable();
      return taken;
    };
    const highlighted = () => element.querySelector('[role="option"][aria-selected="true"]')?.textContent?.trim();
    return { fixture, element, picked, closed: () => closed, press, highlighted };
  }

  it('highlights the first match, moves with the arrows (wrapping), and Enter inserts the highlighted prompt', async () => {
    const picker = await render('tra');
    expect(picker.highlighted()).toBe('library_booksTranslate to French');
    expect(await picker.press('ArrowDown')).toBe(true);
    expect(picker.highlighted()).toContain('Translate to German');
    await picker.press('ArrowDown');
    await picker.press('ArrowDown');
    expect(picker.highlighted()).toContain('Translate to French');
    await picker.press('ArrowUp');
    expect(picker.highlighted()).toContain('Transcript summary');

    expect(await picker.press('Enter')).toBe(true);
    expect(picker.picked).toEqual(['Summarise this transcript:']);
    expect(picker.fixture.componentInstance.activeId()).toMatch(/-2$/);
  });

  it('with no match, Enter is taken (nothing is sent) and the picker says so', async () => {
    const picker = await render('zzz');
    expect(picker.element.querySelector('[data-testid="prompt-picker-no-match"]')!.textContent!.trim()).toBe('No prompt matches /zzz.');
    expect(await picker.press('Enter')).toBe(true);
    expect(picker.picked).toEqual([]);
    expect(picker.element.querySelector('[data-testid="prompt-picker-no-match"]')!.textContent).toContain('Nothing was sent');
  });

  it('Escape closes; Shift+Enter, letters and an input method are left to the composer', async () => {
    const picker = await render('tra');
    expect(await picker.press('Escape')).toBe(true);
    expect(picker.closed()).toBe(1);
    expect(await picker.press('Enter', { shiftKey: true })).toBe(false);
    expect(await picker.press('a')).toBe(false);
    expect(await picker.press('Enter', { isComposing: true })).toBe(false);
    expect(picker.picked).toEqual([]);
  });

  it('takes Enter while the results for the new query are on their way, without picking a stale prompt', async () => {
    const picker = await render('tra');
    picker.fixture.componentRef.setInput('query', 'tran');
    await picker.fixture.whenStable();
    expect(await picker.press('Enter')).toBe(true);
    expect(picker.picked).toEqual([]);
  });

  it('a prompt with variables asks for them first', async () => {
    listPrompts.mockReturnValueOnce(of({ items: [prompt('p4', 'Cold email', 'Write to {{name}}', ['name'])], total: 1, page: 1, limit: 8 }));
    open.mockReturnValue({ afterClosed: () => of('Write to Ada') });
    const picker = await render('cold');
    await picker.press('Enter');
    expect(open).toHaveBeenCalledOnce();
    expect(picker.picked).toEqual(['Write to Ada']);
  });
});
