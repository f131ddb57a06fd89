import { MAX_JSON_SUMMARY_CHARS } from '../tool';
import { mcpResultText, toToolOutput } from './mcp-tool-result';

describe('MCP tool results', () => {
  it('joins text parts and describes the others in one line each', () => {
    const text = mcpResultText({
      content: [
        { type: 'text', text: 'Two files:' },
        { type: 'image', data: 'A'.repeat(4096), mimeType: 'image/png' },
        { type: 'resource_link', uri: 'file:///notes.md', name: 'notes' },
        { type: 'resource', resource: { uri: 'file:///a.txt', text: 'alpha' } },
        { type: 'resource', resource: { uri: 'file:///b.bin', blob: 'AAAA', mimeType: 'application/zip' } },
      ],
    });
    expect(text).toBe(['Two files:', '[image: image/png, 3 KB]', '[resource link: file:///notes.md (notes)]', '[resource file:///a.txt]', 'alpha', '[resource file:///b.bin: application/zip]'].join('\n'));
  });

  it('falls back to structured content, and reads the old toolResult form', () => {
    expect(mcpResultText({ content: [], structuredContent: { total: 3 } })).toBe('{"total":3}');
    expect(mcpResultText({ toolResult: { ok: true } })).toBe('{"ok":true}');
  });

  it('summarises with the first non-empty line, cut', () => {
    expect(toToolOutput('add', { content: [{ type: 'text', text: '\n  409.5\nmore' }] })).toEqual({ content: '\n  409.5\nmore', summary: '409.5' });
    const long = toToolOutput('echo', { content: [{ type: 'text', text: 'x'.repeat(500) }] });
    expect(long.summary).toHaveLength(120);
    expect(long.summary.endsWith('…')).toBe(true);
    expect(toToolOutput('noop', { content: [] }).summary).toBe('no output');
  });

  it('keeps a JSON result whole (compact) as the summary when it fits, for the card the dashboard draws', () => {
    const pretty = JSON.stringify({ rows: [{ city: 'Paris', url: 'https://example.test/p' }], total: 1 }, null, 2);
    expect(toToolOutput('stat', { content: [{ type: 'text', text: pretty }] })).toEqual({ content: pretty, summary: '{"rows":[{"city":"Paris","url":"https://example.test/p"}],"total":1}' });
    expect(toToolOutput('stat', { content: [], structuredContent: { total: 3 } }).summary).toBe('{"total":3}');
    const huge = JSON.stringify({ text: 'x'.repeat(MAX_JSON_SUMMARY_CHARS) });
    expect(toToolOutput('stat', { content: [{ type: 'text', text: huge }] }).summary).toHaveLength(120);
    expect(toToolOutput('stat', { content: [{ type: 'text', text: '{ not json' }] }).summary).toBe('{ not json');
  });

  it('throws the text of an isError result, so the model reads it as the error', () => {
    expect(() => toToolOutput('fail', { isError: true, content: [{ type: 'text', text: 'disk full' }] })).toThrow('disk full');
    expect(() => toToolOutput('fail', { isError: true, content: [] })).toThrow('fail reported an error');
  });
});
