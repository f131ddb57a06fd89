import OpenAI from 'openai';
import { ChatChunk, ChatModelProvider, ChatRequest, ProviderId } from '../capabilities';
import type { ProviderCredentials } from '../credentials';
import { ProviderError, toProviderError } from '../provider-error';

/** OpenAI's Chat Completions through the official SDK; retries are ours (`maxRetries: 0`). */
export class OpenAIAdapter extends ChatModelProvider {
  readonly provider: ProviderId = 'openai';

  async *stream(request: ChatRequest, credentials: ProviderCredentials, signal: AbortSignal): AsyncIterable<ChatChunk> {
    const client = new OpenAI({ apiKey: credentials.apiKey, baseURL: credentials.baseUrl, maxRetries: 0, timeout: 120_000 });
    try {
      const stream = await client.chat.completions.create(
        {
          model: request.model,
          messages: request.messages,
          stream: true,
          stream_options: { include_usage: true },
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...(request.maxOutputTokens !== undefined ? this.maxTokens(request.maxOutputTokens) : {}),
        },
        { signal },
      );
      for await (const chunk of stream) {
        const text = chunk.choices[0]?.delta?.content;
        if (text) yield { type: 'text', text };
        if (chunk.usage) yield { type: 'usage', usage: { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens } };
      }
      // The SDK ends an aborted stream quietly; an answer cut short must not pass for a whole one.
      if (signal.aborted) throw new ProviderError(this.provider, 'aborted', 'Request cancelled');
    } catch (error) {
      throw toProviderError(this.provider, error, signal);
    }
  }

  protected maxTokens(limit: number): { max_completion_tokens?: number; max_tokens?: number } {
    return { max_completion_tokens: limit };
  }
}

/**
 * Any endpoint that speaks OpenAI's Chat Completions (Ollama, LM Studio, vLLM, OpenRouter, Groq,
 * Mistral, ...), by base URL. Most of them still expect `max_tokens`.
 */
export class OpenAICompatibleAdapter extends OpenAIAdapter {
  override readonly provider: ProviderId = 'openai-compatible';

  protected override maxTokens(limit: number) {
    return { max_tokens: limit };
  }
}
