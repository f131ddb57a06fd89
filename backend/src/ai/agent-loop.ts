import type { ChatChunk, ChatMessage, ChatRequest, ToolCall, ToolSpec, TokenUsage } from './capabilities';
import type { ChatSession } from './provider-registry';
import { ReplyNote, replyNote } from './reply-notes';

/** What the loop reads of one tool call's outcome (the tools area's ToolRunResult is one). */
export interface LoopToolResult {
  /** Fed back to the model. */
  content: string;
  /** Set when the call failed. */
  error?: string;
}

/**
 * What the loop needs of a turn's toolbox (the tools area's ToolsService.open gives one): what to
 * offer, and a `run` that never throws. `Context` is what the caller hands every run (the loop
 * adds the turn's signal); the AI layer knows no area, so it stays a type parameter.
 */
export interface LoopTools<Context extends object = object, Result extends LoopToolResult = LoopToolResult> {
  specs: ToolSpec[];
  run(call: ToolCall, context: Context & { signal: AbortSignal }): Promise<Result>;
}

export interface AgentLoopOptions<Context extends object = object, Result extends LoopToolResult = LoopToolResult> {
  tools: LoopTools<Context, Result>;
  /** Rounds of tool calls the model may make before the loop stops it. */
  maxSteps: number;
  /** Tool calls run in one round (AppConfig.toolCallsPerRound); the rest are refused, and the model and the reply told so. */
  maxCallsPerRound: number;
  /** Milliseconds the whole turn may take (none when absent); the loop stops at it with a note. */
  timeLimitMs?: number;
  /** Temperature, top-p and output limit of every model call of the loop. */
  sampling?: Pick<ChatRequest, 'temperature' | 'topP' | 'maxOutputTokens'>;
  /** The reply's tool context without its signal (the loop gives each run one). */
  context: Context;
}

/**
 * What the loop streams: the model's text, each tool call and its result, a note when the loop
 * stops the model (step or time limit), why each model call stopped, and the usage of every model call.
 */
export type AgentLoopChunk<Result extends LoopToolResult = LoopToolResult> =
  | Extract<ChatChunk, { type: 'text' | 'tool_call' | 'finish' }>
  | { type: 'tool_result'; result: Result }
  | ({ type: 'note' } & ReplyNote)
  | { type: 'usage'; usage: TokenUsage };

/**
 * The agent loop: the model answers, asks for tools, Webox runs them (all of a round at once) and
 * feeds the results back, until the model answers without tools, `maxSteps` rounds have run, or
 * the time limit is reached. Aborting `signal` (the user stopping the turn) stops everything; the
 * caller sees it as it sees a stopped plain reply.
 */
export async function* runAgentLoop<Context extends object, Result extends LoopToolResult>(
  session: ChatSession,
  thread: ChatMessage[],
  options: AgentLoopOptions<Context, Result>,
  signal: AbortSignal,
): AsyncIterable<AgentLoopChunk<Result>> {
  const deadline = options.timeLimitMs ? AbortSignal.timeout(options.timeLimitMs) : undefined;
  const turnSignal = deadline ? AbortSignal.any([signal, deadline]) : signal;
  const messages = [...thread];
  const timeLimitNote = () => {
    const seconds = Math.round((options.timeLimitMs ?? 0) / 100) / 10;
    return replyNote('timeLimit', { seconds }, `Stopped: this turn reached its time limit of ${seconds} s.`);
  };

  for (let step = 0; ; step++) {
    let text = '';
    const calls: ToolCall[] = [];
    try {
      const request = { messages, ...options.sampling, ...(options.tools.specs.length ? { tools: options.tools.specs } : {}) };
      for await (const chunk of session.stream(request, turnSignal)) {
        if (chunk.type === 'tool_call') {
          calls.push(chunk.call);
          // Calls past the cap are neither shown nor kept in the reply's trace: a reply asking for
          // thousands would otherwise store thousands of steps.
          if (calls.length > options.maxCallsPerRound) continue;
        } else if (chunk.type === 'text') text += chunk.text;
        yield chunk;
      }
    } catch (error) {
      if (deadline?.aborted && !signal.aborted) {
        yield { type: 'note', ...timeLimitNote() };
        return;
      }
      throw error;
    }
    if (!calls.length || signal.aborted) return;
    if (step >= options.maxSteps) {
      const tools = calls.map((call) => call.name).join(', ');
      yield { type: 'note', ...replyNote('stepLimit', { steps: options.maxSteps, tools }, `Stopped after ${options.maxSteps} tool steps, this agent's limit: the model still asked for ${tools}.`) };
      return;
    }
    if (deadline?.aborted) {
      yield { type: 'note', ...timeLimitNote() };
      return;
    }

    messages.push({ role: 'assistant', content: text, toolCalls: calls });
    const refused = calls.slice(options.maxCallsPerRound);
    if (refused.length) yield { type: 'note', ...refusedNote(refused, options.maxCallsPerRound) };
    // Every call of a round runs at once; results are yielded as they come, fed back in call order.
    const results: Result[] = [];
    const context: Context & { signal: AbortSignal } = { ...options.context, signal: turnSignal };
    const running = calls.slice(0, options.maxCallsPerRound);
    const pending = new Map(running.map((call, index) => [index, options.tools.run(call, context).then((result) => ({ index, result }))]));
    while (pending.size) {
      const { index, result } = await Promise.race(pending.values());
      pending.delete(index);
      results[index] = result;
      yield { type: 'tool_result', result };
    }
    if (signal.aborted) return;
    for (const [index, call] of running.entries()) {
      const result = results[index]!;
      messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content: result.content, ...(result.error ? { isError: true } : {}) });
    }
    // Every call needs its result (vendors refuse a history without one); these say why none ran.
    const refusal = `Not run: at most ${options.maxCallsPerRound} tool calls run per round, and this one came after them. Ask again for fewer at once.`;
    for (const call of refused) messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content: refusal, isError: true });
  }
}

/** "Refused 992 tool calls over the limit of 8 per round: web_fetch ×990, calculator ×2." (at most five names: they can be a server's). */
function refusedNote(refused: ToolCall[], limit: number): ReplyNote {
  const counts = new Map<string, number>();
  for (const call of refused) counts.set(call.name, (counts.get(call.name) ?? 0) + 1);
  const named = [...counts].slice(0, 5).map(([name, count]) => `${name.slice(0, 64)} ×${count}`);
  const others = counts.size > 5 ? `, and ${counts.size - 5} other tools` : '';
  const tools = `${named.join(', ')}${others}`;
  return replyNote('callsRefused', { count: refused.length, limit, tools }, `Refused ${refused.length} tool call${refused.length === 1 ? '' : 's'} over the limit of ${limit} per round: ${tools}.`);
}

/** Adds the usage of one model call to the turn's total. */
export const addUsage = (total: TokenUsage | undefined, usage: TokenUsage): TokenUsage => ({
  inputTokens: (total?.inputTokens ?? 0) + usage.inputTokens,
  outputTokens: (total?.outputTokens ?? 0) + usage.outputTokens,
});
