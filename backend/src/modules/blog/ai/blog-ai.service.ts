import { Injectable, Logger } from '@nestjs/common';
import { addUsage } from '../../../ai/agent-loop';
import type { ChatMessage, TokenUsage } from '../../../ai/capabilities';
import { findModel } from '../../../ai/models';
import { ProviderRegistry, type ChatSession } from '../../../ai/provider-registry';
import { UsageService } from '../../../ai/usage.service';
import type { AuthUser } from '../../../common/auth.decorators';
import { DomainError, UpstreamError } from '../../../common/domain-error';
import { CommonErrorCode } from '../../../common/error-codes';
import type { StreamEventOf } from '../../../common/contract';
import { GenerationService } from '../../generation/generation.service';
import type { GenerationJobDto } from '../../generation/dto/generation.dto';
import {
  BLOG_AI_DRAFT_STREAM,
  BlogAiCallUsageDto,
  BlogAiCoverInputDto,
  BlogAiDraftInputDto,
  BlogAiOutlineDto,
  BlogAiOutlineInputDto,
  BlogAiTitleDto,
  BlogAiTitleInputDto,
} from '../dto/blog-ai.dto';
import { coverPrompt, coverSize, outlineMessages, parseOutline, parseTitleExcerpt, sectionMessages, titleMessages } from './blog-ai-text';

export type BlogAiDraftEvent = StreamEventOf<(typeof BLOG_AI_DRAFT_STREAM)['events']>;

/** The offline image model: covers work with no key configured. */
export const DEFAULT_COVER_MODEL = 'local/webox-draw';

/** What one answer of a model gave: its text and the tokens it used. */
interface Answer {
  text: string;
  usage: TokenUsage | undefined;
}

/**
 * "Write with AI" in the blog editor: an outline, a draft streamed section by section, a title and
 * an excerpt, each from the chat model the editor chose; a cover through the generation area's
 * image jobs. Nothing here saves the article: the editor gets text to edit and saves it as usual.
 * Every model call goes through the provider registry (model access and budgets checked, the call
 * reserved) and is recorded in the usage ledger as `blog`.
 */
@Injectable()
export class BlogAiService {
  private readonly logger = new Logger(BlogAiService.name);

  constructor(
    private readonly registry: ProviderRegistry,
    private readonly usage: UsageService,
    private readonly generation: GenerationService,
  ) {}

  async outline(user: AuthUser, dto: BlogAiOutlineInputDto, signal: AbortSignal): Promise<BlogAiOutlineDto> {
    const session = await this.registry.openChat(user.id, dto.model);
    const answer = await this.ask(user, session, outlineMessages(dto), signal);
    return { sections: parseOutline(answer.text), usage: await this.record(user, session, answer.usage) };
  }

  async titleAndExcerpt(user: AuthUser, dto: BlogAiTitleInputDto, signal: AbortSignal): Promise<BlogAiTitleDto> {
    const session = await this.registry.openChat(user.id, dto.model);
    const answer = await this.ask(user, session, titleMessages(dto, dto.body ?? ''), signal);
    return { ...parseTitleExcerpt(answer.text), usage: await this.record(user, session, answer.usage) };
  }

  /**
   * Opens the first section's model call (an unknown or disabled model, or a spent budget, is refused
   * here, as a plain error answer) and returns the draft's events: for each section `section` then
   * its `delta`s, and `done`; or, when a call fails, `error` naming the section, after which nothing
   * more is written (what came before stays with the editor).
   */
  async startDraft(user: AuthUser, dto: BlogAiDraftInputDto, signal: AbortSignal): Promise<AsyncIterable<BlogAiDraftEvent>> {
    const first = await this.registry.openChat(user.id, dto.model);
    return this.draft(user, dto, first, signal);
  }

  private async *draft(user: AuthUser, dto: BlogAiDraftInputDto, first: ChatSession, signal: AbortSignal): AsyncIterable<BlogAiDraftEvent> {
    let total: TokenUsage = { inputTokens: 0, outputTokens: 0 };
    let cost = 0;
    const spent = (): BlogAiCallUsageDto => ({ model: first.model.id, ...total, cost });
    for (const [index, heading] of dto.sections.entries()) {
      let usage: TokenUsage | undefined;
      try {
        const session = index === 0 ? first : await this.registry.openChat(user.id, dto.model);
        yield { event: 'section', data: { index, heading } };
        yield { event: 'delta', data: { index, text: `${index === 0 ? '' : '\n\n'}## ${heading}\n\n` } };
        let last = '';
        for await (const chunk of session.stream({ messages: sectionMessages(dto, dto.sections, index) }, signal)) {
          if (chunk.type === 'text' && chunk.text) {
            last = chunk.text;
            yield { event: 'delta', data: { index, text: chunk.text } };
          } else if (chunk.type === 'usage') usage = addUsage(usage, chunk.usage);
        }
        if (last && !last.endsWith('\n')) yield { event: 'delta', data: { index, text: '\n' } };
      } catch (error) {
        ({ total, cost } = await this.tally(user, first, usage, total, cost));
        yield { event: 'error', data: { index, ...this.describe(error), usage: spent() } };
        return;
      }
      ({ total, cost } = await this.tally(user, first, usage, total, cost));
    }
    yield { event: 'done', data: { usage: spent(), sections: dto.sections.length } };
  }

  /** Queues the cover as an image job of the generation area; its picture lands in the editor's media library. */
  cover(user: AuthUser, dto: BlogAiCoverInputDto): Promise<GenerationJobDto> {
    const model = dto.model ?? DEFAULT_COVER_MODEL;
    const size = dto.size ?? coverSize(findModel(model, 'image')?.image.sizes ?? []) ?? '1024x1024';
    return this.generation.image(user, { model, prompt: coverPrompt(dto.subject, dto.title), size, count: 1 });
  }

  /** A whole answer, read from the stream (a failure is thrown: the filter answers it, 502 for a vendor). */
  private async ask(user: AuthUser, session: ChatSession, messages: ChatMessage[], signal: AbortSignal): Promise<Answer> {
    let text = '';
    let usage: TokenUsage | undefined;
    try {
      for await (const chunk of session.stream({ messages }, signal)) {
        if (chunk.type === 'text') text += chunk.text;
        else if (chunk.type === 'usage') usage = addUsage(usage, chunk.usage);
      }
    } catch (error) {
      await this.record(user, session, usage);
      throw error;
    }
    return { text, usage };
  }

  private async record(user: AuthUser, session: ChatSession, usage: TokenUsage | undefined): Promise<BlogAiCallUsageDto> {
    const cost = usage ? await this.usage.record(user.id, 'blog', session.model, usage) : 0;
    return { model: session.model.id, inputTokens: usage?.inputTokens ?? 0, outputTokens: usage?.outputTokens ?? 0, cost };
  }

  private async tally(user: AuthUser, session: ChatSession, usage: TokenUsage | undefined, total: TokenUsage, cost: number): Promise<{ total: TokenUsage; cost: number }> {
    if (!usage) return { total, cost };
    const recorded = await this.record(user, session, usage);
    return { total: addUsage(total, usage), cost: cost + recorded.cost };
  }

  /** A failure as the stream tells it: a vendor's with its public code and provider, a refusal with its code, anything else as an internal error (logged). */
  private describe(error: unknown): Pick<BlogAiErrorFields, 'code' | 'message' | 'provider' | 'params'> {
    if (error instanceof UpstreamError) {
      const provider = typeof error.params['provider'] === 'string' ? error.params['provider'] : undefined;
      return { code: error.publicCode, message: error.message, params: error.params, ...(provider ? { provider } : {}) };
    }
    if (error instanceof DomainError) return { code: error.code, message: error.message, ...(error.params ? { params: error.params } : {}) };
    this.logger.error({ err: error }, 'Blog draft failed');
    return { code: CommonErrorCode.INTERNAL_ERROR, message: 'Internal server error' };
  }
}

type BlogAiErrorFields = Extract<BlogAiDraftEvent, { event: 'error' }>['data'];

