import type { ContentBlock } from '@modelcontextprotocol/sdk/types.js';
import { jsonSummary, type ToolOutput } from '../tool';

const SUMMARY_CHARS = 120;

/** What `Client.callTool` resolves to: today's result, or the `toolResult` of protocol 2024-10-07. */
export type McpCallResult = { content?: ContentBlock[]; structuredContent?: Record<string, unknown>; isError?: boolean } | { toolResult: unknown };

const kilobytes = (base64: string) => `${Math.max(1, Math.round((base64.length * 3) / 4 / 1024))} KB`;

/** Text parts as they are; the others described in one line, since the model reads text only. */
function describePart(part: ContentBlock): string {
  switch (part.type) {
    case 'text':
      return part.text;
    case 'image':
      return `[image: ${part.mimeType}, ${kilobytes(part.data)}]`;
    case 'audio':
      return `[audio: ${part.mimeType}, ${kilobytes(part.data)}]`;
    case 'resource_link':
      return `[resource link: ${part.uri}${part.name ? ` (${part.name})` : ''}]`;
    case 'resource':
      return 'text' in part.resource ? `[resource ${part.resource.uri}]\n${part.resource.text}` : `[resource ${part.resource.uri}: ${part.resource.mimeType ?? 'binary'}]`;
    default:
      return `[${(part as { type: string }).type} content]`;
  }
}

/** The text a result carries: its content parts joined, else its structured content as JSON. */
export function mcpResultText(result: McpCallResult): string {
  if ('toolResult' in result) return typeof result.toolResult === 'string' ? result.toolResult : JSON.stringify(result.toolResult);
  const text = (result.content ?? []).map(describePart).join('\n');
  if (text.trim() || !result.structuredContent) return text;
  return JSON.stringify(result.structuredContent);
}

/** A tool's result as Webox's runner takes it; an `isError` result throws, so the model reads it as an error. */
export function toToolOutput(toolName: string, result: McpCallResult): ToolOutput {
  const content = mcpResultText(result);
  if (!('toolResult' in result) && result.isError) throw new Error(content.trim() || `${toolName} reported an error`);
  // JSON (even pretty-printed) is kept whole when it fits: the dashboard shows it as a card.
  const json = jsonSummary(content);
  if (json) return { content, summary: json };
  const firstLine = content.split('\n').find((line) => line.trim()) ?? '';
  const summary = firstLine.length > SUMMARY_CHARS ? `${firstLine.slice(0, SUMMARY_CHARS - 1)}…` : firstLine || 'no output';
  return { content, summary: summary.trim() };
}
