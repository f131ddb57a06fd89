import { TestBed } from '@angular/core/testing';
import { ChatComposer } from './chat-composer';

describe('ChatComposer', () => {
  beforeEach(() => localStorage.setItem('webox.language', 'en'));
  afterEach(() => localStorage.clear());

  async function render(inputs: { streaming?: boolean; value?: string } = {}) {
    const fixture = TestBed.createComponent(ChatComposer);
    if (inputs.streaming !== undefined) fixture.componentRef.setInput('streaming', inputs.streaming);
    if (inputs.value !== undefined) fixture.componentRef.setInput('value', inputs.value);
    const sent: string[] = [];
    let stops = 0;
    fixture.componentInstance.send.subscribe((text) => sent.push(text));
    fixture.componentInstance.stop.subscribe(() => stops++);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const textarea = element.querySelector('textarea')!;
    const type = async (text: string) => {
      textarea.value = text;
      textarea.dispatchEvent(new Event('input'));
      await fixture.whenStable();
    };
    const press = async (init: KeyboardEventInit) => {
      const event = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init });
      textarea.dispatchEvent(event);
      await fixture.whenStable();
      return event;
    };
    const button = (testId: string) => element.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`);
    return { fixture, element, sent, stops: () => stops, type, press, button };
  }

  it('sends the trimmed text on Enter, and does not let Enter insert a new line', async () => {
    const composer = await render();
    await composer.type('  Hello models  ');
    const event = await composer.press({});
    expect(composer.sent).toEqual(['Hello models']);
    expect(event.defaultPrevented).toBe(true);
  });

  it('leaves Shift+Enter to the textarea (a new line) and sends nothing', async () => {
    const composer = await render();
    await composer.type('First line');
    const event = await composer.press({ shiftKey: true });
    expect(composer.sent).toEqual([]);
    expect(event.defaultPrevented).toBe(false);
  });

  it('does not send while an input method is composing', async () => {
    const composer = await render();
    await composer.type('にほん');
    const event = await composer.press({ isComposing: true });
    expect(composer.sent).toEqual([]);
    expect(event.defaultPrevented).toBe(false);
  });

  it('keeps Send disabled while the text is empty or blank', async () => {
    const composer = await render();
    expect(composer.button('send-button')!.disabled).toBe(true);
    await composer.type('   \n ');
    expect(composer.button('send-button')!.disabled).toBe(true);
    await composer.press({});
    expect(composer.sent).toEqual([]);

    await composer.type('Hi');
    expect(composer.button('send-button')!.disabled).toBe(false);
    composer.button('send-button')!.click();
    await composer.fixture.whenStable();
    expect(composer.sent).toEqual(['Hi']);
  });

  it('offers Stop instead of Send while streaming, and Enter does not send', async () => {
    const composer = await render({ streaming: true, value: 'Next question' });
    expect(composer.button('send-button')).toBeNull();
    await composer.press({});
    expect(composer.sent).toEqual([]);

    composer.button('stop-button')!.click();
    expect(composer.stops()).toBe(1);

    composer.fixture.componentRef.setInput('streaming', false);
    await composer.fixture.whenStable();
    expect(composer.button('stop-button')).toBeNull();
    expect(composer.button('send-button')!.disabled).toBe(false);
  });

  it('lets a menu over the box take a key first: it is not sent, nor typed', async () => {
    const composer = await render();
    const seen: string[] = [];
    composer.fixture.componentRef.setInput('keyHandler', (event: KeyboardEvent) => (seen.push(event.key), event.key === 'Enter'));
    await composer.type('/tra');
    const enter = await composer.press({});
    expect(seen).toEqual(['Enter']);
    expect(composer.sent).toEqual([]);
    expect(enter.defaultPrevented).toBe(true);
    composer.fixture.componentRef.setInput('keyHandler', null);
    await composer.press({});
    expect(composer.sent).toEqual(['/tra']);
  });
});
