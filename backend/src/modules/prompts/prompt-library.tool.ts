import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/domain-error';
import type { Tool, ToolContext, ToolOutput } from '../tools/tool';
import { untrustedLabel } from '../tools/untrusted-content';
import type { PromptDto } from './dto/prompt.dto';
import { PromptQueryDto } from './dto/prompt.dto';
import { PromptsService } from './prompts.service';
import { PromptErrorCode } from './prompts.errors';

const CANDIDATES = 50;
/** Words that say nothing about which prompt is meant. */
const STOP_WORDS = new Set(['a', 'an', 'and', 'the', 'for', 'of', 'to', 'in', 'on', 'with', 'my', 'me', 'i', 'is', 'it', 'about', 'prompt', 'template', 'please', 'use', 'find', 'or']);

const tokens = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
/** The same word, or one a suffix away ("fact" and "facts", "launch" and "launches"). */
const matches = (word: string, words: Set<string>) => words.has(word) || (word.length >= 4 && [...words].some((other) => other.length >= 4 && (other.startsWith(word) || word.startsWith(other))));

/**
 * Finds the prompt of the user's library (their own, shared, built-in) that best matches a query,
 * and fills its variables. The library's full-text search finds candidates (every word, else any
 * word); the best is the one whose title, then tags, then body share the most words with the query.
 */
@Injectable()
export class PromptLibraryTool implements Tool {
  readonly name = 'prompt_library';
  readonly description =
    "Finds the best matching prompt in the user's prompt library (their own, shared and built-in prompts) and returns its title and full text with the variables filled in. Use it when the user asks for one of their prompts or templates. If variables are missing, the error names them: ask the user, then call again with `values`.";
  readonly parameters = {
    type: 'object',
    properties: {
      query: { type: 'string', minLength: 1, maxLength: 200, description: 'Words from the title, tags or text of the prompt, e.g. "SEO article outline"' },
      values: { type: 'object', additionalProperties: { type: 'string', maxLength: 4000 }, description: 'Values for the prompt variables, by name, e.g. {"keyword": "solar panels"}' },
    },
    required: ['query'],
    additionalProperties: false,
  };

  constructor(private readonly prompts: PromptsService) {}

  async run(args: Record<string, unknown>, context: ToolContext): Promise<ToolOutput> {
    const query = String(args['query']).trim();
    const values = (args['values'] ?? {}) as Record<string, string>;
    const prompt = await this.bestMatch(context, query);
    if (!prompt) return { content: `No prompt in the user's library matches "${query}".`, summary: `No prompt matches "${query.slice(0, 80)}"`, summaryKey: 'promptNotFound', params: { query: query.slice(0, 80) } };
    let text: string;
    try {
      text = (await this.prompts.use(context.user, prompt.id, { variables: values })).text;
    } catch (error) {
      if (error instanceof DomainError && error.code === PromptErrorCode.MISSING_VARIABLES) {
        const missing = (error.details ?? []).map((detail) => detail.field.replace(/^variables\./, ''));
        throw new Error(`The prompt "${prompt.title}" needs values for: ${missing.join(', ')}. Ask the user for them, then call prompt_library again with "values".`);
      }
      throw error;
    }
    // Another user's shared prompt is their words, not the user's: labelled like a web page.
    const shared = !prompt.builtIn && !prompt.mine;
    const header = shared ? untrustedLabel(`Prompt "${prompt.title}" shared by another user (${prompt.category})`) : `Prompt "${prompt.title}" (${prompt.builtIn ? 'built-in' : 'mine'}, ${prompt.category})`;
    return { content: `${header}\n\n${text}`, summary: `Used the prompt "${prompt.title}"`, summaryKey: 'promptUsed', params: { title: prompt.title } };
  }

  private async bestMatch(context: ToolContext, query: string): Promise<PromptDto | undefined> {
    const all = [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, 12);
    const words = all.filter((word) => !STOP_WORDS.has(word));
    if (!words.length) return undefined;
    const search = async (q: string) => (await this.prompts.list(context.user, Object.assign(new PromptQueryDto(), { q, page: 1, limit: CANDIDATES, sort: 'popular' as const }))).items;
    let candidates = await search(words.join(' '));
    if (!candidates.length && words.length > 1) candidates = await search(words.join(' or '));
    // A prompt must share at least half the query's words: one common word ("launch") is not a match.
    const needed = Math.ceil(words.length / 2);
    const phrase = query.toLowerCase().trim();
    const ranked = candidates
      .map((prompt) => {
        const title = tokens(prompt.title);
        const tags = tokens(prompt.tags.join(' '));
        const body = tokens(prompt.body);
        let score = prompt.title.toLowerCase().includes(phrase) ? 10 : 0;
        let matched = 0;
        for (const word of words) {
          const hits = [matches(word, title) ? 3 : 0, matches(word, tags) ? 2 : 0, matches(word, body) ? 1 : 0];
          if (hits.some(Boolean)) matched++;
          score += hits[0]! + hits[1]! + hits[2]!;
        }
        return { prompt, score, matched };
      })
      .filter((entry) => entry.matched >= needed);
    // Sorted by popularity already: a stable sort keeps the more used prompt first on equal scores.
    return ranked.sort((a, b) => b.score - a.score)[0]?.prompt;
  }
}
