import { GoogleGenAI } from '@google/genai';
import { ChatChunk, ChatModelProvider, ChatRequest } from '../capabilities';
import type { ProviderCredentials } from '../credentials';
import { toProviderError } from '../provider-error';

/** Gemini through the official @google/genai SDK; its own retries are off (ours apply). */
export class GoogleAdapter extends ChatModelProvider {
  readonly provider = 'google' as const;

  async *stream(request: ChatRequest, credentials: ProviderCredentials, signal: AbortSignal): AsyncIterable<ChatChunk> {
    const client = new GoogleGenAI({
      apiKey: credentials.apiKey,
      httpOptions: { ...(credentials.baseUrl ? { baseUrl: credentials.baseUrl } : {}), retryOptions: { attempts: 1 } },
    });
    const systemInstruction = request.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
    const contents = request.messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role === 'assistant' ? 'model' : 'user', parts: [{ text: m.content }] }));
    let inputTokens = 0;
    let outputTokens = 0;
    try {
      const stream = await client.models.generateContentStream({
        model: request.model,
        contents,
        config: {
          abortSignal: signal,
          ...(systemInstruction ? { systemInstruction } : {}),
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
        },
      });
      for await (const chunk of stream) {
        const text = chunk.candidates?.[0]?.content?.parts?.map((part) => part.text ?? '').join('') ?? '';
        if (text) yield { type: 'text', text };
        if (chunk.usageMetadata) {
          inputTokens = chunk.usageMetadata.promptTokenCount ?? inputTokens;
          outputTokens = chunk.usageMetadata.candidatesTokenCount ?? outputTokens;
        }
      }
    } catch (error) {
      throw toProviderError(this.provider, error, signal);
    }
    yield { type: 'usage', usage: { inputTokens, outputTokens } };
  }
}
