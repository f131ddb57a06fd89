import { setTimeout as sleep } from 'node:timers/promises';
import { ChatChunk, ChatModelProvider, ChatRequest, ProviderId, ToolCall } from '../capabilities';
import type { ProviderCredentials } from '../credentials';
import { ProviderError, providerLabel } from '../provider-error';
import { describeResults, planToolCalls, trailingToolResults } from './local-tool-policy';
import type { UiLanguage } from '../../common/request-language';

export const OFFLINE_NOTICE = 'Offline reply from Webox mini: no AI provider is configured, so this answer is generated locally and deterministically.';
/** The notice once the user can reach a real provider: the offline model is then a choice, not the only option. */
export const OFFLINE_BY_CHOICE_NOTICE = 'Offline reply from Webox mini: this answer is generated locally and deterministically, not by an AI model.';

/** The offline model's own sentences, in each language Webox speaks (the user's: `ChatRequest.language`). */
const TEXTS: Record<UiLanguage, OfflineTexts> = {
  en: {
    notice: OFFLINE_NOTICE,
    byChoiceNotice: OFFLINE_BY_CHOICE_NOTICE,
    addKey: 'To get real answers, add an API key for OpenAI, Anthropic, Google or an OpenAI-compatible endpoint in your profile.',
    useProviders: (names) => `You can use ${names}: choose one of their models in the model picker for real answers.`,
    calling: (names) => `Offline: calling ${names}.`,
    toolsReturned: 'What the tools returned (summarised offline, without reasoning):',
    youWrote: (turn, tokens) => `You wrote (message ${turn} of this conversation, ${tokens} tokens):`,
    instructions: (text) => `Instructions in effect: ${text}`,
    and: 'and',
  },
  fr: {
    notice: 'Réponse hors ligne de Webox mini : aucun fournisseur d’IA n’est configuré, cette réponse est donc produite localement et de façon déterministe.',
    byChoiceNotice: 'Réponse hors ligne de Webox mini : cette réponse est produite localement et de façon déterministe, pas par un modèle d’IA.',
    addKey: 'Pour obtenir de vraies réponses, ajoutez une clé d’API OpenAI, Anthropic, Google ou d’un point d’accès compatible OpenAI dans votre profil.',
    useProviders: (names) => `Vous pouvez utiliser ${names} : choisissez l’un de leurs modèles dans le sélecteur de modèles pour de vraies réponses.`,
    calling: (names) => `Hors ligne : appel de ${names}.`,
    toolsReturned: 'Ce que les outils ont renvoyé (résumé hors ligne, sans raisonnement) :',
    youWrote: (turn, tokens) => `Vous avez écrit (message ${turn} de cette conversation, ${tokens} jetons) :`,
    instructions: (text) => `Instructions en vigueur : ${text}`,
    and: 'et',
  },
};

interface OfflineTexts {
  notice: string;
  byChoiceNotice: string;
  addKey: string;
  useProviders: (names: string) => string;
  calling: (names: string) => string;
  toolsReturned: string;
  youWrote: (turn: number, tokens: number) => string;
  instructions: (text: string) => string;
  and: string;
}

/** The first line of an offline reply, and the last one: what the user can do for real answers. */
function offlineNotes(texts: OfflineTexts, language: UiLanguage, providersInReach: readonly ProviderId[] = []): { notice: string; advice: string } {
  if (!providersInReach.length) return { notice: texts.notice, advice: texts.addKey };
  const names = listNames(providersInReach.map((provider) => providerLabel(provider, language)), texts.and);
  return { notice: texts.byChoiceNotice, advice: texts.useProviders(names) };
}

/**
 * A rough count, consistent between the prompt and the reply: one token per word or symbol. Long
 * runs count as vendors' tokenizers cut them (numbers in threes, past a word's length in fours), so
 * a 200,000-digit "word" is about 67,000 tokens and the context check refuses it, not one token.
 */
export const countTokens = (text: string) => {
  let tokens = 0;
  for (const [run] of text.matchAll(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)) tokens += runTokens(run);
  return tokens;
};

const WORD_CHARS = 12;

function runTokens(run: string): number {
  if (run.length <= 3) return 1;
  if (/^\p{N}+$/u.test(run)) return Math.ceil(run.length / 3);
  return run.length <= WORD_CHARS ? 1 : 1 + Math.ceil((run.length - WORD_CHARS) / 4);
}

/**
 * The built-in offline provider: no network, no key, deterministic. It answers with a clearly
 * labelled reply built from the question, streamed word by word, so every chat pipeline works on
 * a laptop with nothing configured.
 *
 * Offline tool use (`local-tool-policy.ts`), so agents that act work with no provider too:
 * - The request offers tools and the last message is the user's: the message is matched against
 *   simple patterns, one per built-in tool, and each match becomes a call (several matches, several
 *   calls in one answer, in the order the message asks; at most 6). A short text comes first
 *   ("Offline: calling calculator and knowledge_search."), then the `tool_call` chunks, then usage.
 *   - `calculator` `{ expression }`: arithmetic in the message ("what is 12 * (3+4)"), written for
 *     mathjs: thousands separators dropped ("2,340" → 2340), "17.5% of 2,340" → "17.5 / 100 * 2340",
 *     times / × / ÷ / divided by as operators. An expression whose only operator is `-` or `/`
 *     (a range, a date) counts only when the message asks for a sum ("what is", "calculate", "=").
 *   - `knowledge_search` `{ query }`: the message mentions the user's notes, documents, files or
 *     knowledge base ("what do my notes say about budgets", "according to my documents",
 *     "search my knowledge for", "mes notes", "mes documents"); the query is the topic after
 *     about / on / for / sur ("budgets"), else the sentence without its question words.
 *     Offered alone (a plain chat with knowledge collections attached), it is called for every
 *     question, mentioned or not, with the same topic ("what is the refund policy?" → "refund policy").
 *   - `current_time` `{ timeZone? }`: asked the time or date; a well-known city after the question
 *     gives its IANA zone ("what time is it in Tokyo" → Asia/Tokyo), any other place none.
 *   - `web_fetch` `{ url }`: one call per http(s) URL in the message.
 *   - `generate_image` `{ prompt }`: "draw …", "generate / create an image of …" (also French):
 *     the prompt is what follows.
 *   - `prompt_library` `{ query }`: "use my cold email prompt", "find a prompt for …",
 *     "prompt library": the prompt's name or purpose.
 *   No match: the usual offline reply, as without tools.
 * - The last messages are tool results: it answers in text, never calling again, with the offline
 *   notice and one line per result: the calculator as "**calculator**: `17.5 / 100 * 2340` =
 *   409.5"; knowledge passages (`[n] <file> (p. X): <passage>` lines) as "From your notes [1]:
 *   <first sentence>", each keeping its citation marker; a failed tool as "**name** failed: <why>";
 *   any other tool, the first 300 characters of what it returned, or, for JSON, its plain fields as
 *   `key: value` (an array as its count): never raw JSON in the answer.
 * - No tools offered: unchanged.
 */
export class LocalAdapter extends ChatModelProvider {
  readonly provider = 'local' as const;

  constructor(private readonly tokenDelayMs: number) {
    super();
  }

  async *stream(request: ChatRequest, credentials: ProviderCredentials | undefined, signal: AbortSignal): AsyncIterable<ChatChunk> {
    const calls = toolCallsFor(request);
    const language = credentials?.language ?? 'en';
    const texts = TEXTS[language];
    const full = calls.length
      ? texts.calling(listNames([...new Set(calls.map((call) => call.name))], texts.and))
      : composeOfflineReply(request, texts, offlineNotes(texts, language, credentials?.providersInReach));
    // The output limit holds as it does with a vendor: the reply stops at it, cut mid-sentence.
    const reply = truncateToTokens(full, request.maxOutputTokens);
    for (const word of reply.split(/(?<=\s)/)) {
      await this.pace(signal);
      yield { type: 'text', text: word };
    }
    for (const call of calls) {
      await this.pace(signal);
      yield { type: 'tool_call', call };
    }
    const inputTokens = request.messages.reduce((sum, message) => sum + countTokens(message.content), 0);
    const outputTokens = countTokens(reply) + calls.reduce((sum, call) => sum + countTokens(JSON.stringify(call.arguments)), 0);
    yield { type: 'finish', reason: calls.length ? 'tool_calls' : reply.length < full.length ? 'length' : 'stop' };
    yield { type: 'usage', usage: { inputTokens, outputTokens } };
  }

  /** Waits the configured time per piece, and stops at once when the request is cancelled. */
  private async pace(signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw new ProviderError('local', 'aborted', 'Local (offline): request cancelled');
    if (this.tokenDelayMs) await sleep(this.tokenDelayMs, undefined, { signal }).catch(() => undefined);
    if (signal.aborted) throw new ProviderError('local', 'aborted', 'Local (offline): request cancelled');
  }
}

/** The words of `text` that fit in `limit` tokens (as countTokens counts them); all of it without a limit. */
export function truncateToTokens(text: string, limit: number | undefined): string {
  if (limit === undefined || countTokens(text) <= limit) return text;
  let kept = '';
  for (const word of text.split(/(?<=\s)/)) {
    if (countTokens(kept + word) > limit) break;
    kept += word;
  }
  return kept.trimEnd();
}

/** Calls only in answer to the user: after tool results the offline model answers, it never loops. */
function toolCallsFor(request: ChatRequest): ToolCall[] {
  const last = request.messages.at(-1);
  if (!request.tools?.length || last?.role !== 'user') return [];
  // Ids unique within the conversation (the turn number) and the same for the same input.
  const turn = request.messages.filter((m) => m.role === 'user').length;
  const offered = new Set(request.tools.map((tool) => tool.name));
  return planToolCalls(last.content, offered).map((call, index) => ({ id: `call_local_${turn}_${index + 1}`, ...call }));
}

const listNames = (names: string[], and: string) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} ${and} ${names.at(-1)}` : (names[0] ?? ''));

function composeOfflineReply(request: ChatRequest, texts: OfflineTexts, { notice, advice }: { notice: string; advice: string }): string {
  const results = trailingToolResults(request.messages);
  if (results.length) {
    return [`**${notice}**`, '', texts.toolsReturned, '', ...describeResults(request.messages, results)].join('\n');
  }
  const question = [...request.messages].reverse().find((m) => m.role === 'user')?.content.trim() ?? '';
  const system = request.messages.find((m) => m.role === 'system')?.content;
  const quoted = question.length > 280 ? `${question.slice(0, 280)}…` : question;
  const turn = request.messages.filter((m) => m.role === 'user').length;
  const lines = [
    `**${notice}**`,
    '',
    texts.youWrote(turn, countTokens(question)),
    '',
    `> ${quoted.replace(/\n/g, '\n> ')}`,
    '',
  ];
  if (system) lines.push(texts.instructions(system.length > 160 ? `${system.slice(0, 160)}…` : system), '');
  lines.push(advice);
  return lines.join('\n');
}
