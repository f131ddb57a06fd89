import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Citation, ToolSummaryKey, ToolSummaryParams } from '../../tools/tool';
import type { ReplyNote } from '../../../ai/reply-notes';
import type { ChatMessage, ReplyStep } from '../chat-message.entity';

/** What a reply has so far, to store: its text, steps and citations (jsonb, which TypeORM's update types cannot follow). */
export const traceOf = (message: ChatMessage) => ({ content: message.content, steps: message.steps, citations: message.citations }) as QueryDeepPartialEntity<ChatMessage>;

/** The steps and citations of one reply as its agent loop runs, kept on the message itself. */
export class ReplyTrace {
  constructor(readonly message: ChatMessage) {
    message.steps = [];
    message.citations = [];
  }

  call(callId: string, name: string, args: Record<string, unknown>): void {
    this.message.steps.push({ kind: 'tool', callId, name, arguments: args, offset: this.message.content.length, status: 'running' });
  }

  result(result: { callId: string; summary: string; summaryKey?: ToolSummaryKey; params?: ToolSummaryParams; error?: string; durationMs: number; mediaFileIds?: string[]; jobIds?: string[] }): void {
    const step = this.message.steps.find((s): s is Extract<ReplyStep, { kind: 'tool' }> => s.kind === 'tool' && s.callId === result.callId && s.status === 'running');
    if (!step) return;
    step.status = result.error ? 'error' : 'ok';
    step.summary = result.summary;
    if (result.summaryKey) Object.assign(step, { summaryKey: result.summaryKey, params: result.params ?? {} });
    step.durationMs = result.durationMs;
    if (result.error) step.error = result.error;
    if (result.mediaFileIds?.length) step.mediaFileIds = result.mediaFileIds;
    if (result.jobIds?.length) step.jobIds = result.jobIds;
  }

  note({ text, key, params }: ReplyNote): void {
    this.message.steps.push({ kind: 'note', text, noteKey: key, params, offset: this.message.content.length });
  }

  /** The passage's number in this reply: the same passage keeps its number. */
  cite(source: Omit<Citation, 'n'>): number {
    const known = this.message.citations.find((citation) => citation.chunkId === source.chunkId);
    if (known) return known.n;
    const n = this.message.citations.length + 1;
    this.message.citations.push({ n, ...source });
    return n;
  }
}
