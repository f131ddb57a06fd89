import OpenAI from 'openai';
import { ChatChunk, ChatMessage, ChatModelProvider, ChatRequest, ProviderId, ToolCall, ToolSpec } from '../capabilities';
import { type ProviderCredentials, SdkClients, sdkFetch } from '../credentials';
import { ProviderError, toProviderError } from '../provider-error';
import { ToolCallAssembler } from './tool-call-assembler';

/** OpenAI's Chat Completions through the official SDK; retries are ours (`maxRetries: 0`). */
export class OpenAIAdapter extends ChatModelProvider {
  readonly provider: ProviderId = 'openai';

  /** `timeoutMs`: how long to wait for the answer to start (the SDK's timeout ends with the response headers). */
  constructor(private readonly timeoutMs = 120_000) {
    super();
  }

  private readonly clients = new SdkClients((credentials) => new OpenAI({ apiKey: credentials.apiKey, baseURL: credentials.baseUrl, maxRetries: 0, timeout: this.timeoutMs, ...sdkFetch(credentials) }));

  async *stream(request: ChatRequest, credentials: ProviderCredentials, signal: AbortSignal): AsyncIterable<ChatChunk> {
    const client = this.clients.for(credentials);
    try {
      const stream = await client.chat.completions.create({ ...this.params(request), stream: true, stream_options: { include_usage: true } }, { signal });
      // Tool calls arrive in pieces keyed by `index`: id and name first, then argument fragments.
      const toolCalls = new ToolCallAssembler<number>();
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        const text = choice?.delta?.content;
        if (text) yield { type: 'text', text };
        for (const [position, piece] of (choice?.delta?.tool_calls ?? []).entries()) {
          // Some OpenAI-compatible servers leave `index` out; they send each call whole, in order.
          const key = piece.index ?? toolCalls.pending + position;
          toolCalls.start(key, piece.id, piece.function?.name);
          if (piece.function?.arguments) toolCalls.append(key, piece.function.arguments);
        }
        // The finish chunk closes the calls; the usage chunk (no choices) comes after it.
        if (choice?.finish_reason) {
          yield* toolCallChunks(toolCalls.finishAll());
          yield finishChunk(choice.finish_reason);
        }
        if (chunk.usage) yield { type: 'usage', usage: { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens } };
      }
      // The SDK ends an aborted stream quietly; an answer cut short must not pass for a whole one.
      if (signal.aborted) throw new ProviderError(this.provider, 'aborted', 'Request cancelled');
      // A server that ends without a finish reason still delivered its calls.
      yield* toolCallChunks(toolCalls.finishAll());
    } catch (error) {
      throw toProviderError(this.provider, error, signal, credentials);
    }
  }

  /** One JSON answer instead of a stream: no event parsing per token, for a caller that waits for the whole reply anyway. */
  override async *answer(request: ChatRequest, credentials: ProviderCredentials, signal: AbortSignal): AsyncIterable<ChatChunk> {
    const client = this.clients.for(credentials);
    let completion: OpenAI.Chat.ChatCompletion;
    try {
      completion = await client.chat.completions.create({ ...this.params(request), stream: false }, { signal });
    } catch (error) {
      throw toProviderError(this.provider, error, signal, credentials);
    }
    const message = completion.choices[0]?.message;
    if (message?.content) yield { type: 'text', text: message.content };
    const toolCalls = new ToolCallAssembler<number>();
    for (const [index, call] of (message?.tool_calls ?? []).entries()) {
      if (call.type !== 'function') continue;
      toolCalls.start(index, call.id, call.function.name);
      toolCalls.append(index, call.function.arguments);
    }
    yield* toolCallChunks(toolCalls.finishAll());
    if (completion.choices[0]?.finish_reason) yield finishChunk(completion.choices[0].finish_reason);
    if (completion.usage) yield { type: 'usage', usage: { inputTokens: completion.usage.prompt_tokens, outputTokens: completion.usage.completion_tokens } };
  }

  private params(request: ChatRequest): Omit<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, 'stream'> {
    return {
      model: request.model,
      messages: request.messages.map(toOpenAIMessage),
      ...(request.tools?.length ? { tools: request.tools.map(toOpenAITool) } : {}),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.topP !== undefined ? { top_p: request.topP } : {}),
      ...(request.maxOutputTokens !== undefined ? this.maxTokens(request.maxOutputTokens) : {}),
    };
  }

  protected maxTokens(limit: number): { max_completion_tokens?: number; max_tokens?: number } {
    return { max_completion_tokens: limit };
  }
}

const finishChunk = (reason: string): ChatChunk => ({ type: 'finish', reason: reason === 'length' ? 'length' : reason === 'tool_calls' ? 'tool_calls' : 'stop' });

function* toolCallChunks(calls: ToolCall[]): Iterable<ChatChunk> {
  for (const call of calls) yield { type: 'tool_call', call };
}

function toOpenAITool(tool: ToolSpec): OpenAI.Chat.ChatCompletionFunctionTool {
  return { type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } };
}

/**
 * The neutral history in Chat Completions form. OpenAI has no error flag on a tool result, so a
 * failed call says so in its text: the model must not read an error message as the tool's answer.
 */
function toOpenAIMessage(message: ChatMessage): OpenAI.Chat.ChatCompletionMessageParam {
  switch (message.role) {
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.isError && !/^error\b/i.test(message.content) ? `Error: ${message.content}` : message.content };
    case 'assistant':
      if (!message.toolCalls?.length) return { role: 'assistant', content: message.content };
      return {
        role: 'assistant',
        content: message.content || null,
        tool_calls: message.toolCalls.map((call) => ({
          id: call.id,
          type: 'function',
          // Always JSON, even when the model's was not (`{}` then): some compatible servers parse the
          // history and refuse broken arguments; the tool result already tells the model what went wrong.
          function: { name: call.name, arguments: JSON.stringify(call.arguments) },
        })),
      };
    default:
      if (message.role === 'user' && message.images?.length) {
        // Images as content parts: a data URL each, after the text.
        const images = message.images.map((image): OpenAI.Chat.ChatCompletionContentPartImage => ({ type: 'image_url', image_url: { url: `data:${image.mimeType};base64,${image.data.toString('base64')}` } }));
        return { role: 'user', content: [...(message.content ? [{ type: 'text' as const, text: message.content }] : []), ...images] };
      }
      return { role: message.role, content: message.content };
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

/**
 * The cheapest authenticated call there is (the first page of the model list), made to verify a key
 * as it is saved; OpenAI-compatible endpoints (Ollama, vLLM, OpenRouter) answer it too.
 */
export async function verifyOpenAIKey(provider: 'openai' | 'openai-compatible', credentials: ProviderCredentials, signal: AbortSignal): Promise<void> {
  const client = new OpenAI({ apiKey: credentials.apiKey, baseURL: credentials.baseUrl, maxRetries: 0, ...sdkFetch(credentials) });
  try {
    await client.models.list({ signal });
  } catch (error) {
    throw toProviderError(provider, error, signal, credentials);
  }
}
