import { TextCoalescer } from './text-coalescer';

describe(TextCoalescer.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends the pieces of one interval together, in order', () => {
    const sent: string[] = [];
    const text = new TextCoalescer((piece) => sent.push(piece), 40);
    text.push('Hel');
    text.push('lo');
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(40);
    expect(sent).toEqual(['Hello']);
    text.push(', world');
    jest.advanceTimersByTime(39);
    expect(sent).toEqual(['Hello']);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual(['Hello', ', world']);
  });

  it('sends what waits at once on flush, then nothing more, and skips empty pieces', () => {
    const sent: string[] = [];
    const text = new TextCoalescer((piece) => sent.push(piece), 40);
    text.push('');
    text.flush();
    expect(sent).toEqual([]);
    text.push('last words');
    text.flush();
    expect(sent).toEqual(['last words']);
    jest.advanceTimersByTime(100);
    expect(sent).toEqual(['last words']);
  });
});
