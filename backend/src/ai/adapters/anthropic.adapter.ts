import Anthropic from '@anthropic-ai/sdk';
import { ChatChunk, ChatMessage, ChatModelProvider, ChatRequest, ToolSpec } from '../capabilities';
import { type ProviderCredentials, SdkClients, sdkFetch } from '../credentials';
import { ProviderError, toProviderError } from '../provider-error';
import { ToolCallAssembler } from './tool-call-assembler';

/** Anthropic requires a max_tokens; this is the ceiling when the caller sets none. */
const DEFAULT_MAX_TOKENS = 4096;

/** Claude through the official SDK: system prompt apart, streamed message events. */
export class AnthropicAdapter extends ChatModelProvider {
  readonly provider = 'anthropic' as const;

  /** `timeoutMs`: how long to wait for the answer to start (the SDK's timeout ends with the response headers). */
  constructor(private readonly timeoutMs = 120_000) {
    super();
  }

  private readonly clients = new SdkClients((credentials) => new Anthropic({ apiKey: credentials.apiKey, baseURL: credentials.baseUrl, maxRetries: 0, timeout: this.timeoutMs, ...sdkFetch(credentials) }));

  async *stream(request: ChatRequest, credentials: ProviderCredentials, signal: AbortSignal): AsyncIterable<ChatChunk> {
    const client = this.clients.for(credentials);
    const system = request.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
    const messages = toAnthropicMessages(request.messages);
    let inputTokens = 0;
    let outputTokens = 0;
    try {
      const stream = await client.messages.create(
        {
          model: request.model,
          max_tokens: request.maxOutputTokens ?? DEFAULT_MAX_TOKENS,
          messages,
          stream: true,
          ...(request.tools?.length ? { tools: request.tools.map(toAnthropicTool) } : {}),
          ...(system ? { system } : {}),
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...(request.topP !== undefined ? { top_p: request.topP } : {}),
        },
        { signal },
      );
      // A tool_use block opens a call, input_json_delta pieces carry its arguments, its stop closes it.
      const toolCalls = new ToolCallAssembler<number>();
      for await (const event of stream) {
        if (event.type === 'message_start') inputTokens = event.message.usage.input_tokens;
        else if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') toolCalls.start(event.index, event.content_block.id, event.content_block.name);
        else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') yield { type: 'text', text: event.delta.text };
        else if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') toolCalls.append(event.index, event.delta.partial_json);
        else if (event.type === 'content_block_stop') {
          const call = toolCalls.finish(event.index);
          if (call) yield { type: 'tool_call', call };
        } else if (event.type === 'message_delta') {
          outputTokens = event.usage.output_tokens;
          const reason = event.delta.stop_reason;
          if (reason) yield { type: 'finish', reason: reason === 'max_tokens' ? 'length' : reason === 'tool_use' ? 'tool_calls' : 'stop' };
        }
      }
      // The SDK ends an aborted stream quietly; an answer cut short must not pass for a whole one.
      if (signal.aborted) throw new ProviderError(this.provider, 'aborted', 'Request cancelled');
    } catch (error) {
      throw toProviderError(this.provider, error, signal, credentials);
    }
    yield { type: 'usage', usage: { inputTokens, outputTokens } };
  }
}

function toAnthropicTool(tool: ToolSpec): Anthropic.Tool {
  return { name: tool.name, description: tool.description, input_schema: tool.parameters as Anthropic.Tool.InputSchema };
}

/**
 * The neutral history as Messages: the system prompt goes apart (the caller sends it as `system`),
 * an assistant turn's tool calls become `tool_use` blocks after its text, and the results that
 * answer them, consecutive `tool` messages, become ONE user message of `tool_result` blocks, as
 * Anthropic requires every result of a turn to come back together.
 */
function toAnthropicMessages(history: ChatMessage[]): Anthropic.MessageParam[] {
  const messages: Anthropic.MessageParam[] = [];
  let results: Anthropic.ToolResultBlockParam[] | undefined;
  for (const message of history) {
    if (message.role === 'system') continue;
    if (message.role === 'tool') {
      const block: Anthropic.ToolResultBlockParam = { type: 'tool_result', tool_use_id: message.toolCallId, content: message.content, ...(message.isError ? { is_error: true } : {}) };
      if (results) results.push(block);
      else messages.push({ role: 'user', content: (results = [block]) });
      continue;
    }
    results = undefined;
    if (message.role === 'assistant' && message.toolCalls?.length) {
      // Anthropic refuses empty text blocks: a bare tool call has none.
      const text: Anthropic.TextBlockParam[] = message.content ? [{ type: 'text', text: message.content }] : [];
      const uses = message.toolCalls.map((call): Anthropic.ToolUseBlockParam => ({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments }));
      messages.push({ role: 'assistant', content: [...text, ...uses] });
    } else if (message.role === 'user' && message.images?.length) {
      // Images first, as Anthropic advises, each an `image` block with a base64 source; then the text.
      const images = message.images.map((image): Anthropic.ImageBlockParam => ({ type: 'image', source: { type: 'base64', media_type: image.mimeType as Anthropic.Base64ImageSource['media_type'], data: image.data.toString('base64') } }));
      messages.push({ role: 'user', content: [...images, ...(message.content ? [{ type: 'text' as const, text: message.content }] : [])] });
    } else messages.push({ role: message.role, content: message.content });
  }
  return messages;
}

/** Verifies a key as it is saved with the cheapest authenticated call: one model of the list. */
export async function verifyAnthropicKey(credentials: ProviderCredentials, signal: AbortSignal): Promise<void> {
  const client = new Anthropic({ apiKey: credentials.apiKey, baseURL: credentials.baseUrl, maxRetries: 0, ...sdkFetch(credentials) });
  try {
    await client.models.list({ limit: 1 }, { signal });
  } catch (error) {
    throw toProviderError('anthropic', error, signal, credentials);
  }
}
