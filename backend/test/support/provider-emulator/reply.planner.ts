import type { RecordedRequest, ResolvedBehaviour } from './provider-emulator.types';

/** One tool call ready to be written: its arguments pre-split into the pieces a stream sends. */
export interface PlannedToolCall {
  id?: string;
  name: string;
  /** The arguments as an object (`{}` when the script gave text that is not a JSON object). */
  arguments: Record<string, unknown>;
  /** The argument text as sent: JSON, or the script's raw (possibly broken) text. */
  argumentsJson: string;
  argumentPieces: string[];
  signature?: string;
}

/** What the emulated model says, independent of any vendor's wire format. */
export interface ReplyPlan {
  text: string;
  /** The text split into tokens; concatenated they give `text` back exactly. */
  textPieces: string[];
  toolCalls: PlannedToolCall[];
  promptTokens: number;
  completionTokens: number;
  /** Each vendor maps this to its own finish / stop reason. */
  stop: 'end' | 'tool_calls' | 'max_tokens';
}

/** Small enough that a short argument object still streams in several pieces, as the vendors do. */
const ARGUMENT_PIECE_LENGTH = 8;

export function countWords(text: string | undefined): number {
  return text ? text.split(/\s+/).filter(Boolean).length : 0;
}

/** Splits text into word tokens that keep their leading whitespace, so the pieces re-join to the exact text. */
export function splitIntoTokens(text: string): string[] {
  const pieces = text.match(/\s*\S+/g) ?? [];
  const tail = text.slice(pieces.join('').length);
  if (pieces.length === 0) return text ? [text] : [];
  pieces[pieces.length - 1] += tail;
  return pieces;
}

export function splitArguments(json: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < json.length; start += ARGUMENT_PIECE_LENGTH) pieces.push(json.slice(start, start + ARGUMENT_PIECE_LENGTH));
  return pieces;
}

/** Prompt tokens as the emulator counts them: words of the system prompt and of every message. */
export function countPromptTokens(request: RecordedRequest): number {
  return countWords(request.system) + request.messages.reduce((sum, message) => sum + countWords(message.text), 0);
}

export function defaultReply(request: RecordedRequest): string {
  const lastUser = [...request.messages].reverse().find((message) => message.role === 'user' && (message.text.trim() || message.images?.length));
  // Proof that the images arrived: their size and type, as the vendor's form carried them.
  const seen = (lastUser?.images ?? []).map((image) => `I see an image of ${image.bytes} bytes, ${image.mimeType}. `).join('');
  return `Echo from ${request.model ?? 'unknown-model'}: ${seen}${lastUser?.text ?? ''}`;
}

function argumentsObject(scripted: Record<string, unknown> | string): Record<string, unknown> {
  if (typeof scripted !== 'string') return scripted;
  try {
    const parsed: unknown = JSON.parse(scripted);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function replyText(request: RecordedRequest, behaviour: ResolvedBehaviour): string {
  const { reply } = behaviour;
  if (typeof reply === 'function') return reply(request);
  if (typeof reply === 'string') return reply;
  // A scripted tool call with no scripted text is a bare tool call, as models usually answer.
  return behaviour.toolCalls?.length ? '' : defaultReply(request);
}

/**
 * Decides the reply for a chat request. `toolId(i)` gives the vendor's id for the i-th call when the
 * script has none; `maxTokens` (the request's limit) truncates the text as the real APIs do.
 */
export function planReply(
  request: RecordedRequest,
  behaviour: ResolvedBehaviour,
  toolId: (position: number) => string | undefined,
  maxTokens?: number,
): ReplyPlan {
  const fullPieces = splitIntoTokens(replyText(request, behaviour));
  const truncated = maxTokens !== undefined && maxTokens >= 0 && fullPieces.length > maxTokens;
  const textPieces = truncated ? fullPieces.slice(0, maxTokens) : fullPieces;
  const toolCalls: PlannedToolCall[] = truncated
    ? []
    : (behaviour.toolCalls ?? []).map((call, position) => {
        const argumentsJson = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
        const planned: PlannedToolCall = { id: call.id ?? toolId(position), name: call.name, arguments: argumentsObject(call.arguments), argumentsJson, argumentPieces: splitArguments(argumentsJson) };
        return call.signature ? { ...planned, signature: call.signature } : planned;
      });
  const argumentTokens = toolCalls.reduce((sum, call) => sum + call.argumentPieces.length, 0);
  return {
    text: textPieces.join(''),
    textPieces,
    toolCalls,
    promptTokens: countPromptTokens(request),
    completionTokens: textPieces.length + argumentTokens,
    stop: truncated ? 'max_tokens' : toolCalls.length ? 'tool_calls' : 'end',
  };
}
