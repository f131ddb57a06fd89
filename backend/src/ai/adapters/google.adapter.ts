import { type Content, type FunctionDeclaration, GoogleGenAI, type Part } from '@google/genai';
import { ChatChunk, ChatMessage, ChatModelProvider, ChatRequest, ToolSpec } from '../capabilities';
import { type ProviderCredentials, SdkClients, sdkFetch } from '../credentials';
import { toProviderError } from '../provider-error';
import { generateToolCallId, isGeneratedToolCallId } from './tool-call-assembler';

/**
 * Google's documented stand-in for a thought signature that was not kept: Gemini 3 refuses (400)
 * a replayed function call without one, and histories written before signatures were stored, or
 * by another vendor's model, have none.
 */
const SKIP_SIGNATURE_VALIDATION = 'skip_thought_signature_validator';

/** Gemini 3 and later validate thought signatures on replayed function calls. */
const validatesSignatures = (model: string) => Number(/^gemini-(\d+)/.exec(model)?.[1] ?? 0) >= 3;

/** Gemini through the official @google/genai SDK; its own retries are off (ours apply). */
export class GoogleAdapter extends ChatModelProvider {
  readonly provider = 'google' as const;

  private readonly clients = new SdkClients(
    (credentials) =>
      new GoogleGenAI({
        apiKey: credentials.apiKey,
        httpOptions: { ...(credentials.baseUrl ? { baseUrl: credentials.baseUrl } : {}), retryOptions: { attempts: 1 }, ...sdkFetch(credentials) },
      }),
  );

  async *stream(request: ChatRequest, credentials: ProviderCredentials, signal: AbortSignal): AsyncIterable<ChatChunk> {
    const client = this.clients.for(credentials);
    const systemInstruction = request.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
    const contents = toGeminiContents(request.messages, validatesSignatures(request.model));
    let inputTokens = 0;
    let outputTokens = 0;
    try {
      const stream = await client.models.generateContentStream({
        model: request.model,
        contents,
        config: {
          abortSignal: signal,
          ...(systemInstruction ? { systemInstruction } : {}),
          ...(request.tools?.length ? { tools: [{ functionDeclarations: request.tools.map(toFunctionDeclaration) }] } : {}),
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...(request.topP !== undefined ? { topP: request.topP } : {}),
          ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
        },
      });
      for await (const chunk of stream) {
        let text = '';
        for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
          if (part.functionCall) {
            // Gemini sends a call whole, never in pieces: it is complete as soon as it arrives.
            const { id, name = '', args = {} } = part.functionCall;
            yield* flushText(text);
            text = '';
            yield { type: 'tool_call', call: { id: id || generateToolCallId(), name, arguments: args, ...(part.thoughtSignature ? { signature: part.thoughtSignature } : {}) } };
          } else if (part.text && !part.thought) text += part.text;
        }
        yield* flushText(text);
        const finishReason = chunk.candidates?.[0]?.finishReason;
        if (finishReason) yield { type: 'finish', reason: finishReason === 'MAX_TOKENS' ? 'length' : 'stop' };
        if (chunk.usageMetadata) {
          inputTokens = chunk.usageMetadata.promptTokenCount ?? inputTokens;
          outputTokens = chunk.usageMetadata.candidatesTokenCount ?? outputTokens;
        }
      }
    } catch (error) {
      throw toProviderError(this.provider, error, signal, credentials);
    }
    yield { type: 'usage', usage: { inputTokens, outputTokens } };
  }
}

function* flushText(text: string): Iterable<ChatChunk> {
  if (text) yield { type: 'text', text };
}

/** `parametersJsonSchema` takes JSON Schema as tools write it; `parameters` wants Google's OpenAPI subset. */
function toFunctionDeclaration(tool: ToolSpec): FunctionDeclaration {
  return { name: tool.name, description: tool.description, parametersJsonSchema: tool.parameters };
}

/**
 * The neutral history as Gemini contents: assistant turns are `model` parts (text, then a
 * `functionCall` per tool call, with the thought signature the model gave it), and the results
 * that answer them, consecutive `tool` messages, one `user` content of `functionResponse` parts.
 * Ids we generated are not sent back: they mean nothing to Gemini, which pairs calls by name.
 */
function toGeminiContents(history: ChatMessage[], needsSignatures: boolean): Content[] {
  const contents: Content[] = [];
  let results: Part[] | undefined;
  for (const message of history) {
    if (message.role === 'system') continue;
    if (message.role === 'tool') {
      const part: Part = {
        functionResponse: {
          ...(isGeneratedToolCallId(message.toolCallId) ? {} : { id: message.toolCallId }),
          name: message.name,
          // Gemini's documented keys: `output` for the result, `error` for a failure.
          response: message.isError ? { error: message.content } : { output: message.content },
        },
      };
      if (results) results.push(part);
      else contents.push({ role: 'user', parts: (results = [part]) });
      continue;
    }
    results = undefined;
    if (message.role === 'assistant' && message.toolCalls?.length) {
      const calls: Part[] = message.toolCalls.map((call) => ({
        functionCall: { ...(isGeneratedToolCallId(call.id) ? {} : { id: call.id }), name: call.name, args: call.arguments },
        ...(call.signature ? { thoughtSignature: call.signature } : {}),
      }));
      // Parallel calls carry one signature, on the first; a turn with none gets the stand-in there.
      if (needsSignatures && !calls.some((part) => part.thoughtSignature)) calls[0]!.thoughtSignature = SKIP_SIGNATURE_VALIDATION;
      contents.push({ role: 'model', parts: [...(message.content ? [{ text: message.content }] : []), ...calls] });
    } else if (message.role === 'user' && message.images?.length) {
      // Images as `inlineData` parts (base64 with their type), after the text.
      const images: Part[] = message.images.map((image) => ({ inlineData: { mimeType: image.mimeType, data: image.data.toString('base64') } }));
      contents.push({ role: 'user', parts: [...(message.content ? [{ text: message.content }] : []), ...images] });
    } else contents.push({ role: message.role === 'assistant' ? 'model' : 'user', parts: [{ text: message.content }] });
  }
  return contents;
}

/** Verifies a key as it is saved with the cheapest authenticated call: the first page of the model list. */
export async function verifyGoogleKey(credentials: ProviderCredentials, signal: AbortSignal): Promise<void> {
  const client = new GoogleGenAI({
    apiKey: credentials.apiKey,
    httpOptions: { ...(credentials.baseUrl ? { baseUrl: credentials.baseUrl } : {}), retryOptions: { attempts: 1 }, ...sdkFetch(credentials) },
  });
  try {
    await client.models.list({ config: { pageSize: 1, abortSignal: signal } });
  } catch (error) {
    throw toProviderError('google', error, signal, credentials);
  }
}
