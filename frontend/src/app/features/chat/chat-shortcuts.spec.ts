import { chatShortcut, shortcutRows } from './chat-shortcuts';

const press = (key: string, init: KeyboardEventInit = {}, target?: HTMLElement) => {
  const event = new KeyboardEvent('keydown', { key, cancelable: true, bubbles: true, ...init });
  if (target) Object.defineProperty(event, 'target', { value: target });
  return event;
};

describe('chat shortcuts', () => {
  it('maps the conventional keys (Ctrl or ⌘)', () => {
    expect(chatShortcut(press('O', { ctrlKey: true, shiftKey: true }))).toBe('newChat');
    expect(chatShortcut(press('o', { metaKey: true, shiftKey: true }))).toBe('newChat');
    expect(chatShortcut(press('C', { ctrlKey: true, shiftKey: true }))).toBe('copyLastReply');
    expect(chatShortcut(press('Escape', { shiftKey: true }))).toBe('focusComposer');
    expect(chatShortcut(press('Escape'))).toBe('stop');
    expect(chatShortcut(press('?', { shiftKey: true }, document.body))).toBe('help');
  });

  it('leaves ? to text fields, plain letters and copy alone, and a key a menu already took', () => {
    expect(chatShortcut(press('?', { shiftKey: true }, document.createElement('textarea')))).toBeNull();
    expect(chatShortcut(press('?', { shiftKey: true }, document.createElement('input')))).toBeNull();
    expect(chatShortcut(press('o'))).toBeNull();
    expect(chatShortcut(press('c', { ctrlKey: true }))).toBeNull();
    const taken = press('Escape');
    taken.preventDefault();
    expect(chatShortcut(taken)).toBeNull();
  });

  it('lists every shortcut for the help, with the platform’s modifier', () => {
    expect(shortcutRows(true).map((row) => row.keys.join('+'))).toEqual(['⌘+Shift+O', 'Shift+Esc', 'Esc', '⌘+Shift+C', '?']);
    expect(shortcutRows(false)[0]!.keys[0]).toBe('Ctrl');
  });
});
