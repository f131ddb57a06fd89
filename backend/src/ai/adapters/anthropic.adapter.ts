import Anthropic from '@anthropic-ai/sdk';
import { ChatChunk, ChatModelProvider, ChatRequest } from '../capabilities';
import type { ProviderCredentials } from '../credentials';
import { ProviderError, toProviderError } from '../provider-error';

/** Anthropic requires a max_tokens; this is the ceiling when the caller sets none. */
const DEFAULT_MAX_TOKENS = 4096;

/** Claude through the official SDK: system prompt apart, streamed message events. */
export class AnthropicAdapter extends ChatModelProvider {
  readonly provider = 'anthropic' as const;

  async *stream(request: ChatRequest, credentials: ProviderCredentials, signal: AbortSignal): AsyncIterable<ChatChunk> {
    const client = new Anthropic({ apiKey: credentials.apiKey, baseURL: credentials.baseUrl, maxRetries: 0, timeout: 120_000 });
    const system = request.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
    const messages = request.messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content }));
    let inputTokens = 0;
    let outputTokens = 0;
    try {
      const stream = await client.messages.create(
        {
          model: request.model,
          max_tokens: request.maxOutputTokens ?? DEFAULT_MAX_TOKENS,
          messages,
          stream: true,
          ...(system ? { system } : {}),
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        },
        { signal },
      );
      for await (const event of stream) {
        if (event.type === 'message_start') inputTokens = event.message.usage.input_tokens;
        else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') yield { type: 'text', text: event.delta.text };
        else if (event.type === 'message_delta') outputTokens = event.usage.output_tokens;
      }
      // The SDK ends an aborted stream quietly; an answer cut short must not pass for a whole one.
      if (signal.aborted) throw new ProviderError(this.provider, 'aborted', 'Request cancelled');
    } catch (error) {
      throw toProviderError(this.provider, error, signal);
    }
    yield { type: 'usage', usage: { inputTokens, outputTokens } };
  }
}
