import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { countTokens } from '../../ai/adapters/local.adapter';
import type { ChatMessage, TokenUsage } from '../../ai/capabilities';
import { ModelCatalogue } from '../../ai/model-catalogue.service';
import type { ChatModel } from '../../ai/models';
import { ProviderRegistry } from '../../ai/provider-registry';
import { UsageService } from '../../ai/usage.service';
import { AuthUser } from '../../common/auth.decorators';
import { DomainError } from '../../common/domain-error';
import { fieldProblems } from '../../common/validation';
import { ChatCompletionDto, ChatCompletionRequestDto, CompletionFinishReason, CompletionMessageDto, OpenAiModelListDto } from './dto/chat-completion.dto';
import { OpenAiCompatErrorCode } from './openai-compat.errors';
import { toOpenAiModelDto } from './openai-compat.mapper';

export interface CompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{ index: 0; delta: { role?: 'assistant'; content?: string }; finish_reason: CompletionFinishReason | null }>;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

export interface PreparedCompletion {
  model: ChatModel;
  messages: ChatMessage[];
  request: ChatCompletionRequestDto;
}

/** OpenAI's Chat Completions API over every provider configured in Webox, with usage recorded. */
@Injectable()
export class OpenAiCompatService {
  constructor(
    private readonly registry: ProviderRegistry,
    private readonly catalogue: ModelCatalogue,
    private readonly ledger: UsageService,
  ) {}

  async listModels(user: AuthUser): Promise<OpenAiModelListDto> {
    return {
      object: 'list',
      data: (await this.catalogue.forUser(user.id, 'chat')).filter((choice) => choice.available).map(({ model }) => toOpenAiModelDto(model)),
    };
  }

  /**
   * OpenAI clients send fields Webox does not use (`n`, `top_p`, `user`, ...): they are ignored,
   * not refused, unlike on the Webox API. What Webox uses is validated.
   */
  async prepare(body: unknown): Promise<PreparedCompletion> {
    const request = plainToInstance(ChatCompletionRequestDto, body ?? {});
    const problems = fieldProblems(await validate(request, { whitelist: true, forbidNonWhitelisted: false }));
    if (problems.length) throw new DomainError('invalid', OpenAiCompatErrorCode.INVALID_REQUEST, problems.map((p) => p.message).join('; '), problems);
    const model = this.registry.chatModel(request.model, 'model');
    return { model, messages: request.messages.map((message, index) => toChatMessage(message, index)), request };
  }

  /** The completion's chunks; `whole`: the upstream is asked for one answer rather than a stream (no client reads it as it comes). */
  async *stream(user: AuthUser, { model, messages, request }: PreparedCompletion, signal: AbortSignal, whole = false): AsyncIterable<CompletionChunk> {
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const chunk = (delta: CompletionChunk['choices'][0]['delta'], finish: CompletionFinishReason | null = null): CompletionChunk => ({ id, object: 'chat.completion.chunk', created, model: model.id, choices: [{ index: 0, delta, finish_reason: finish }] });
    let text = '';
    let usage: TokenUsage | undefined;
    let finish: CompletionFinishReason = 'stop';
    const session = await this.registry.openChat(user.id, model.id);
    const parts = session[whole ? 'answer' : 'stream'](this.chatOptions(messages, request), signal)[Symbol.asyncIterator]();
    try {
      // The first part is awaited before anything is yielded, so a failure to start (no key,
      // vendor down after retries) reaches the client as a plain error response, not a broken stream.
      let next = await parts.next();
      yield chunk({ role: 'assistant' });
      for (; !next.done; next = await parts.next()) {
        if (next.value.type === 'usage') usage = next.value.usage;
        else if (next.value.type === 'finish' && next.value.reason === 'length') finish = 'length';
        else if (next.value.type === 'text') {
          text += next.value.text;
          yield chunk({ content: next.value.text });
        }
      }
    } finally {
      const paid = this.usageOf(usage, messages, text);
      if (paid.outputTokens) await this.ledger.record(user.id, 'api', model, paid);
      usage = paid;
    }
    yield chunk({}, finish);
    if (request.stream_options?.include_usage) {
      yield { id, object: 'chat.completion.chunk', created, model: model.id, choices: [], usage: { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens } };
    }
  }

  async complete(user: AuthUser, prepared: PreparedCompletion, signal: AbortSignal): Promise<ChatCompletionDto> {
    let content = '';
    let usage: CompletionChunk['usage'];
    let finish: CompletionFinishReason = 'stop';
    const request = { ...prepared.request, stream_options: { include_usage: true } } as ChatCompletionRequestDto;
    for await (const chunk of this.stream(user, { ...prepared, request }, signal, true)) {
      content += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    return {
      id: `chatcmpl-${randomUUID()}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: prepared.model.id,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finish }],
      usage: usage!,
    };
  }

  private chatOptions(messages: ChatMessage[], request: ChatCompletionRequestDto) {
    const maxOutputTokens = request.max_completion_tokens ?? request.max_tokens;
    return { messages, ...(request.temperature !== undefined ? { temperature: request.temperature } : {}), ...(maxOutputTokens ? { maxOutputTokens } : {}) };
  }

  private usageOf(reported: TokenUsage | undefined, messages: ChatMessage[], text: string): TokenUsage {
    if (reported && reported.outputTokens > 0) return reported;
    const outputTokens = countTokens(text);
    return { inputTokens: reported?.inputTokens || (outputTokens ? messages.reduce((sum, m) => sum + countTokens(m.content), 0) : 0), outputTokens };
  }
}

function toChatMessage(message: CompletionMessageDto, index: number): ChatMessage {
  const role = message.role === 'developer' ? 'system' : message.role;
  if (typeof message.content === 'string') return { role, content: message.content };
  if (Array.isArray(message.content) && message.content.every((part) => part?.type === 'text' && typeof part.text === 'string')) {
    return { role, content: message.content.map((part) => part.text).join('') };
  }
  throw new DomainError('invalid', OpenAiCompatErrorCode.INVALID_REQUEST, `messages[${index}].content must be text (images and audio are not supported here)`, [
    { field: `messages.${index}.content`, message: 'content must be a string or text parts' },
  ]);
}
