import { generateToolCallId, isGeneratedToolCallId, parseToolArguments, ToolCallAssembler } from './tool-call-assembler';

/** The piece-by-piece assembly the OpenAI and Anthropic adapters share (their streams are tested against the emulator). */

describe('parseToolArguments', () => {
  it('parses a JSON object', () => {
    expect(parseToolArguments('{"city":"Paris","days":3}')).toEqual({ arguments: { city: 'Paris', days: 3 } });
  });

  it('reads no text at all as no arguments, not as an error', () => {
    expect(parseToolArguments('')).toEqual({ arguments: {} });
    expect(parseToolArguments('  ')).toEqual({ arguments: {} });
  });

  it.each([
    ['cut JSON', '{"city": "Par'],
    ['not JSON', 'city=Paris'],
    ['a JSON array', '["Paris"]'],
    ['a JSON string', '"Paris"'],
    ['JSON null', 'null'],
  ])('keeps %s as invalidArguments, with empty arguments', (_label, raw) => {
    expect(parseToolArguments(raw)).toEqual({ arguments: {}, invalidArguments: raw });
  });
});

describe('ToolCallAssembler', () => {
  it('joins argument pieces per key, whatever order the keys interleave in', () => {
    const calls = new ToolCallAssembler<number>();
    calls.start(0, 'call_a', 'get_weather');
    calls.start(1, 'call_b', 'current_time');
    for (const [key, piece] of [[0, '{"city"'], [1, '{"timeZone":'], [0, ':"Paris"}'], [1, '"Asia/Tokyo"}']] as const) calls.append(key, piece);

    expect(calls.finishAll()).toEqual([
      { id: 'call_a', name: 'get_weather', arguments: { city: 'Paris' } },
      { id: 'call_b', name: 'current_time', arguments: { timeZone: 'Asia/Tokyo' } },
    ]);
    expect(calls.pending).toBe(0);
  });

  it('finishes one call at a time, and never twice', () => {
    const calls = new ToolCallAssembler<number>();
    calls.start(3, 'toolu_1', 'get_weather');
    calls.append(3, '{"city":"Paris"');

    expect(calls.finish(3)).toEqual({ id: 'toolu_1', name: 'get_weather', arguments: {}, invalidArguments: '{"city":"Paris"' });
    expect(calls.finish(3)).toBeUndefined();
    expect(calls.finishAll()).toEqual([]);
  });

  it('keeps the first id and name when a server repeats them, and generates an id when none came', () => {
    const calls = new ToolCallAssembler<number>();
    calls.start(0, 'call_a', 'get_weather');
    calls.start(0, 'call_other', 'other_name');
    calls.append(1, '{}');
    calls.start(1, undefined, 'current_time');

    const [first, second] = calls.finishAll();
    expect(first).toMatchObject({ id: 'call_a', name: 'get_weather' });
    expect(second).toMatchObject({ name: 'current_time', arguments: {} });
    expect(isGeneratedToolCallId(second!.id)).toBe(true);
  });
});

describe('generateToolCallId', () => {
  it('makes distinct ids that are recognisable as ours', () => {
    const ids = new Set(Array.from({ length: 50 }, generateToolCallId));
    expect(ids.size).toBe(50);
    expect([...ids].every(isGeneratedToolCallId)).toBe(true);
    expect(isGeneratedToolCallId('call_abc123')).toBe(false);
  });
});
