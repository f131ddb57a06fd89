import type { ChatStreamEvent, CitationDto, ReplyStepDto } from '../../api/models';

/**
 * What an agent did while writing a reply: its tool steps and notes, each at the length the
 * reply's text had when it happened (`offset`), and the passages its `[n]` markers cite. The chat
 * page and the agent page fill it from the same stream events, and read it back from a stored
 * message's `steps` and `citations`.
 */
export interface ReplyTrace {
  steps: readonly ReplyStepDto[];
  citations: readonly CitationDto[];
}

/**
 * The steps after one stream event (the same array for an event that is not a step):
 * `tool_call` adds a running step at `offset` (the length of the reply's text so far),
 * `tool_result` settles the running step of its call (ok, or error with the reason), and `note`
 * adds a note at `offset`.
 */
export function traceStep(steps: readonly ReplyStepDto[], event: ChatStreamEvent, offset: number): readonly ReplyStepDto[] {
  switch (event.event) {
    case 'tool_call': {
      const { callId, name, arguments: args } = event.data;
      return [...steps, { kind: 'tool', callId, name, arguments: args ?? {}, offset, status: 'running' }];
    }
    case 'tool_result': {
      const { callId, name, summary, summaryKey, params, durationMs, error, mediaFileIds, jobIds } = event.data;
      const result: Partial<ReplyStepDto> = {
        status: error ? 'error' : 'ok',
        summary,
        ...(summaryKey ? { summaryKey, params } : {}),
        durationMs,
        ...(error ? { error } : {}),
        ...(mediaFileIds?.length ? { mediaFileIds } : {}),
        ...(jobIds?.length ? { jobIds } : {}),
      };
      const index = steps.findIndex((step) => step.kind === 'tool' && step.callId === callId && step.status === 'running');
      // A result whose call was not seen (the stream was joined late) still shows, where the text stands.
      if (index === -1) return [...steps, { kind: 'tool', callId, name, arguments: {}, offset, ...result }];
      return steps.map((step, i) => (i === index ? { ...step, ...result } : step));
    }
    case 'note': {
      const { text, noteKey, params } = event.data;
      return [...steps, { kind: 'note', text, noteKey, params, offset }];
    }
    default:
      return steps;
  }
}

/** A piece of a reply as it is shown: Markdown text, or a step between two pieces of text. */
export type ReplyPart = { kind: 'text'; key: string; text: string } | { kind: 'step'; key: string; step: ReplyStepDto };

/**
 * The reply's text cut at its steps' offsets, with each step in its place: the text the model
 * wrote before a tool call, the call, what it wrote next. Empty pieces of text are left out.
 */
export function replyParts(content: string, steps: readonly ReplyStepDto[]): ReplyPart[] {
  const parts: ReplyPart[] = [];
  let cursor = 0;
  const pushText = (end: number) => {
    const text = content.slice(cursor, end);
    if (text.trim()) parts.push({ kind: 'text', key: `t${cursor}`, text });
    cursor = Math.max(cursor, end);
  };
  steps.forEach((step, index) => {
    const offset = Math.min(Math.max(Math.floor(Number(step.offset) || 0), 0), content.length);
    if (offset > cursor) pushText(offset);
    parts.push({ kind: 'step', key: `s${index}`, step });
  });
  pushText(content.length);
  return parts;
}

/** The passage page a citation opens. */
export function passageUrl(citation: Pick<CitationDto, 'chunkId'>): string {
  return `/knowledge/passages/${encodeURIComponent(citation.chunkId)}`;
}
