import { randomBytes } from 'node:crypto';
import type { ToolCall } from '../capabilities';

const GENERATED_ID_PREFIX = 'call_webox_';

/**
 * An id for a call the vendor sent without one (Gemini often does, some OpenAI-compatible servers
 * too). Unique, because the agent loop keys a turn's steps and results by call id across rounds.
 */
export const generateToolCallId = () => `${GENERATED_ID_PREFIX}${randomBytes(6).toString('hex')}`;

/** True for ids made by `generateToolCallId`: they mean nothing to the vendor and are not sent back to it. */
export const isGeneratedToolCallId = (id: string) => id.startsWith(GENERATED_ID_PREFIX);

/**
 * Reads a model's raw argument text. Models occasionally emit JSON that does not parse (cut by the
 * output limit, or simply malformed); the call still goes through, with `{}` and the raw text kept,
 * so the tool runner can tell the model what went wrong instead of the turn failing.
 */
export function parseToolArguments(raw: string): Pick<ToolCall, 'arguments' | 'invalidArguments'> {
  if (!raw.trim()) return { arguments: {} };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { arguments: parsed as Record<string, unknown> };
  } catch {
    // Not JSON: reported below, like JSON that is not an object.
  }
  return { arguments: {}, invalidArguments: raw };
}

interface PartialCall {
  id: string;
  name: string;
  argumentText: string;
}

/**
 * Collects tool calls that a stream sends in pieces: the id and name first, the argument text in
 * fragments. `key` is whatever the vendor uses to say which call a piece belongs to (OpenAI's
 * `tool_calls[].index`, Anthropic's content block index).
 */
export class ToolCallAssembler<Key = number> {
  private readonly calls = new Map<Key, PartialCall>();

  /** Starts (or completes the id and name of) the call under `key`; vendors send those once, up front. */
  start(key: Key, id: string | undefined, name: string | undefined): void {
    const call = this.calls.get(key);
    if (!call) this.calls.set(key, { id: id ?? '', name: name ?? '', argumentText: '' });
    else {
      if (id && !call.id) call.id = id;
      if (name && !call.name) call.name = name;
    }
  }

  append(key: Key, argumentPiece: string): void {
    if (!this.calls.has(key)) this.start(key, undefined, undefined);
    this.calls.get(key)!.argumentText += argumentPiece;
  }

  /** The call under `key`, complete, and forgets it (so a later `finishAll` does not yield it twice). */
  finish(key: Key): ToolCall | undefined {
    const call = this.calls.get(key);
    if (!call) return undefined;
    this.calls.delete(key);
    return toToolCall(call);
  }

  /** Every call still open, in the order they started. */
  finishAll(): ToolCall[] {
    const calls = [...this.calls.values()].map(toToolCall);
    this.calls.clear();
    return calls;
  }

  get pending(): number {
    return this.calls.size;
  }
}

function toToolCall({ id, name, argumentText }: PartialCall): ToolCall {
  return { id: id || generateToolCallId(), name, ...parseToolArguments(argumentText) };
}
