import { setTimeout as sleep } from 'node:timers/promises';
import { ChatChunk, ChatModelProvider, ChatRequest } from '../capabilities';
import { ProviderError } from '../provider-error';

export const OFFLINE_NOTICE = 'Offline reply from Webox mini: no AI provider is configured, so this answer is generated locally and deterministically.';

/** A rough count, consistent between the prompt and the reply: one token per word or symbol run. */
export const countTokens = (text: string) => (text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? []).length;

/**
 * The built-in offline provider: no network, no key, deterministic. It answers with a clearly
 * labelled reply built from the question, streamed word by word, so every chat pipeline works on
 * a laptop with nothing configured.
 */
export class LocalAdapter extends ChatModelProvider {
  readonly provider = 'local' as const;

  constructor(private readonly tokenDelayMs: number) {
    super();
  }

  async *stream(request: ChatRequest, _credentials: unknown, signal: AbortSignal): AsyncIterable<ChatChunk> {
    const reply = composeOfflineReply(request);
    const words = reply.split(/(?<=\s)/);
    for (const word of words) {
      if (signal.aborted) throw new ProviderError('local', 'aborted', 'Local (offline): request cancelled');
      if (this.tokenDelayMs) await sleep(this.tokenDelayMs, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) throw new ProviderError('local', 'aborted', 'Local (offline): request cancelled');
      yield { type: 'text', text: word };
    }
    const inputTokens = request.messages.reduce((sum, message) => sum + countTokens(message.content), 0);
    yield { type: 'usage', usage: { inputTokens, outputTokens: countTokens(reply) } };
  }
}

function composeOfflineReply(request: ChatRequest): string {
  const question = [...request.messages].reverse().find((m) => m.role === 'user')?.content.trim() ?? '';
  const system = request.messages.find((m) => m.role === 'system')?.content;
  const quoted = question.length > 280 ? `${question.slice(0, 280)}…` : question;
  const turn = request.messages.filter((m) => m.role === 'user').length;
  const lines = [
    `**${OFFLINE_NOTICE}**`,
    '',
    `You wrote (message ${turn} of this conversation, ${countTokens(question)} tokens):`,
    '',
    `> ${quoted.replace(/\n/g, '\n> ')}`,
    '',
  ];
  if (system) lines.push(`Instructions in effect: ${system.length > 160 ? `${system.slice(0, 160)}…` : system}`, '');
  lines.push('To get real answers, add an API key for OpenAI, Anthropic, Google or an OpenAI-compatible endpoint in your profile.');
  return lines.join('\n');
}
