import type { ChatMessage, ToolCall } from '../capabilities';

/**
 * The offline model's tool use: plain pattern matching on the user's message, deterministic, so
 * the agent loop, the tools and the citations work end to end with no provider configured. It
 * only knows the built-in tools by name; see the policy in `local.adapter.ts`.
 */

/** A tool call the policy decided on, before it gets an id. */
export interface PlannedCall {
  name: string;
  arguments: Record<string, unknown>;
}

/** A planned call and where in the message its cue starts, so calls come out in the order they were asked. */
interface Found extends PlannedCall {
  at: number;
}

/** Enough for a demo; each call runs a tool, so a message cannot fan out without bound. */
const MAX_CALLS = 6;

/** The tools to call for `message`, among those `offered`, in the order the message asks for them. */
export function planToolCalls(message: string, offered: ReadonlySet<string>): PlannedCall[] {
  const finders: Record<string, (text: string) => Found[]> = {
    calculator: findArithmetic,
    knowledge_search: findKnowledgeQuestion,
    current_time: findTimeQuestion,
    web_fetch: findUrls,
    generate_image: findImageRequest,
    prompt_library: findPromptRequest,
  };
  return Object.entries(finders)
    .filter(([name]) => offered.has(name))
    .flatMap(([, find]) => find(message))
    .sort((a, b) => a.at - b.at)
    .slice(0, MAX_CALLS)
    .map(({ name, arguments: args }) => ({ name, arguments: args }));
}

// ---- calculator -------------------------------------------------------------------------------

/** Words that say a sum is wanted, for expressions whose only operator could be a range or a date ("10-20", "3/4"). */
const MATH_CUE = /\b(?:what(?:'s| is| are)|how much|calculate|compute|evaluate|solve|combien|calcule[rz]?)\b|=/i;

/**
 * Rewrites the arithmetic people type into what mathjs evaluates: thousands separators dropped
 * ("2,340" → 2340), "X% of Y" → "X / 100 * Y", operator words and signs (times, ×, ÷) as symbols.
 */
function toMathNotation(text: string): string {
  return text
    .replace(/\b\d{1,3}(?:,\d{3})+\b/g, (number) => number.replace(/,/g, ''))
    .replace(/(\d+(?:\.\d+)?)\s*%\s*(?:of|de|du|des)\s+(\d+(?:\.\d+)?)/gi, '$1 / 100 * $2')
    .replace(/(\d)\s+(?:plus)\s+(?=[\d(])/gi, '$1 + ')
    .replace(/(\d)\s+(?:minus|moins)\s+(?=[\d(])/gi, '$1 - ')
    .replace(/(\d)\s*(?:times|multiplied by|fois|x|×)\s*(?=[\d(])/gi, '$1 * ')
    .replace(/(\d)\s*(?:divided by|over|divisé par|÷)\s*(?=[\d(])/gi, '$1 / ');
}

/** Drops parentheses that open or close nothing at the edges of a match ("(3+4" → "3+4"). */
function balance(expression: string): string | undefined {
  let text = expression.trim();
  const depth = (value: string) => [...value].reduce((level, char) => level + (char === '(' ? 1 : char === ')' ? -1 : 0), 0);
  while (depth(text) > 0 && text.startsWith('(')) text = text.slice(1).trim();
  while (depth(text) < 0 && text.endsWith(')')) text = text.slice(0, -1).trim();
  return depth(text) === 0 ? text : undefined;
}

function findArithmetic(message: string): Found[] {
  const text = toMathNotation(message);
  // Positions in the rewritten text are close enough for ordering: rewriting happens in place.
  const found: Found[] = [];
  for (const match of text.matchAll(/-?[\d(][\d\s.()+\-*/^]*[\d)]/g)) {
    const expression = balance(match[0]);
    if (!expression || !/[\d)]\s*[-+*/^]\s*[-(]*[\d(]/.test(expression)) continue;
    if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(expression)) continue;
    if (!/[+*^]/.test(expression) && !MATH_CUE.test(message)) continue;
    found.push({ name: 'calculator', arguments: { expression: expression.replace(/\s+/g, ' ') }, at: match.index });
  }
  return found;
}

// ---- knowledge_search -------------------------------------------------------------------------

const KNOWLEDGE_MENTION =
  /\b(?:my|our)\s+(?:own\s+)?(?:notes?|documents?|docs|files?|uploads?|pdfs?|knowledge(?:\s+base)?)\b|\bknowledge\s+base\b|\b(?:mes|nos)\s+(?:notes|documents|fichiers|docs)\b|\bma\s+base\s+de\s+connaissances?\b/i;

/** Where a topic stops: the end of the sentence, or "and" starting another question. */
const CLAUSE_END = /[?!.;]|\s+(?:and|et|but|mais|then|puis|also)\s+(?:what|how|when|where|who|why|which|is|are|do|does|can|could|tell|give|show|calculate|compute|draw|que|quel|quelle|quels|combien|comment|calcule|dessine)\b/i;

const LEADING_FILLER = /^(?:(?:the|a|an|le|la|les|l['’]|des|du|de\s+la|my|mes|mon|ma)\s*)+/i;

/** `text` up to the end of its clause, without the punctuation around it. */
function clause(text: string): string {
  const end = CLAUSE_END.exec(text);
  return (end ? text.slice(0, end.index) : text).replace(/^[\s,:;-]+|[\s,:;-]+$/g, '');
}

/** A search topic: the clause without its leading articles ("the budget" → "budget"). */
const topicOf = (text: string) => clause(text).replace(LEADING_FILLER, '').trim();

/** The question with its scaffolding removed: what is left is the topic. */
function withoutScaffolding(text: string): string {
  return topicOf(
    text
      .replace(KNOWLEDGE_MENTION, ' ')
      .replace(/\b(?:according to|based on|from|in|d['’]après|selon|dans|what|which|do|does|did|say|says|tell me|please|search|find|look up|is|are|there|anything|que|quels?|quelles?|est|sont|disent|dit|cherche)\b/gi, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

function findKnowledgeQuestion(message: string): Found[] {
  const mention = KNOWLEDGE_MENTION.exec(message);
  if (!mention) return [];
  const after = message.slice(mention.index + mention[0].length);
  const about = /\b(?:about|regarding|concerning|on|for|sur|concernant|à\s+propos\s+d(?:e|u|es|['’]))\s*(.+)/i.exec(after);
  // "search for budgets in my notes": the topic comes before the mention.
  const before = /\b(?:search|look\s+up|find|cherche)(?:\s+for)?\s+(.+?)\s+(?:in|from|among|across|dans|parmi)\s*$/i.exec(message.slice(0, mention.index));
  const topic = (about && topicOf(about[1]!)) || (before && topicOf(before[1]!)) || withoutScaffolding(message.replace(/-?[\d(][\d\s.,()+\-*/^%]*[\d)%]/g, ' ')) || message.trim();
  return [{ name: 'knowledge_search', arguments: { query: topic }, at: mention.index }];
}

// ---- current_time -----------------------------------------------------------------------------

const TIME_QUESTION =
  /\bwhat(?:'s|\s+is)?\s+(?:the\s+)?(?:current\s+)?(?:local\s+)?(?:time|date)\b|\btime\s+is\s+it\b|\bwhat\s+day\s+is\s+(?:it|today)\b|\btoday['’]?s\s+date\b|\bcurrent\s+(?:time|date)\b|\bquelle\s+heure\b|\bquel\s+jour\b|\bquelle\s+date\b/i;

/** A few well-known cities; any other place gets the server's zone (no argument) rather than a guess. */
const CITY_ZONES: Record<string, string> = {
  tokyo: 'Asia/Tokyo',
  paris: 'Europe/Paris',
  london: 'Europe/London',
  londres: 'Europe/London',
  berlin: 'Europe/Berlin',
  madrid: 'Europe/Madrid',
  rome: 'Europe/Rome',
  moscow: 'Europe/Moscow',
  'new york': 'America/New_York',
  'los angeles': 'America/Los_Angeles',
  'san francisco': 'America/Los_Angeles',
  chicago: 'America/Chicago',
  toronto: 'America/Toronto',
  montreal: 'America/Toronto',
  montréal: 'America/Toronto',
  'mexico city': 'America/Mexico_City',
  'são paulo': 'America/Sao_Paulo',
  'sao paulo': 'America/Sao_Paulo',
  sydney: 'Australia/Sydney',
  singapore: 'Asia/Singapore',
  'hong kong': 'Asia/Hong_Kong',
  beijing: 'Asia/Shanghai',
  shanghai: 'Asia/Shanghai',
  seoul: 'Asia/Seoul',
  dubai: 'Asia/Dubai',
  mumbai: 'Asia/Kolkata',
  delhi: 'Asia/Kolkata',
  'new delhi': 'Asia/Kolkata',
  cairo: 'Africa/Cairo',
  johannesburg: 'Africa/Johannesburg',
  utc: 'UTC',
};

function findTimeQuestion(message: string): Found[] {
  const question = TIME_QUESTION.exec(message);
  if (!question) return [];
  const rest = message.slice(question.index).toLowerCase();
  const city = Object.keys(CITY_ZONES)
    .map((name) => ({ name, at: rest.search(new RegExp(`(?<![\\p{L}])${name}(?![\\p{L}])`, 'u')) }))
    .filter(({ at }) => at >= 0)
    .sort((a, b) => a.at - b.at || b.name.length - a.name.length)[0];
  return [{ name: 'current_time', arguments: city ? { timeZone: CITY_ZONES[city.name] } : {}, at: question.index }];
}

// ---- web_fetch ---------------------------------------------------------------------------------

function findUrls(message: string): Found[] {
  return [...message.matchAll(/\bhttps?:\/\/[^\s<>"'`)\]]+/gi)].map((match) => ({
    name: 'web_fetch',
    // A sentence's own punctuation is not part of the address.
    arguments: { url: match[0].replace(/[.,;:!?]+$/, '') },
    at: match.index,
  }));
}

// ---- generate_image ----------------------------------------------------------------------------

const IMAGE_REQUEST =
  /\b(?:draw|paint|sketch|illustrate)\b|\b(?:generate|create|make|produce|render)\s+(?:me\s+)?(?:an?\s+)?(?:image|picture|illustration|drawing|photo|logo|icon)\b|\bdessine\b|\b(?:génère|genere|crée|cree|fais)[\s-]+(?:moi\s+)?une?\s+(?:image|illustration|photo|dessin)\b/i;

function findImageRequest(message: string): Found[] {
  const request = IMAGE_REQUEST.exec(message);
  if (!request) return [];
  const described = clause(message.slice(request.index + request[0].length).replace(/^\s*(?:-?moi|me|us)?\s*(?:(?:an?\s+)?(?:image|picture|illustration|drawing|photo)\s+)?(?:of|showing|with|de|d['’])?\s*/i, ''));
  return [{ name: 'generate_image', arguments: { prompt: described || message.trim() }, at: request.index }];
}

// ---- prompt_library ----------------------------------------------------------------------------

const PROMPT_REQUEST =
  /\bprompt\s+library\b|\b(?:my|saved)\s+prompts?\b|\b(?:use|find|get|apply|run|pick|fetch|load|utilise|trouve)\s+(?:[\p{L}-]+\s+){0,4}?prompts?\b|\bbiblioth[eè]que\s+de\s+prompts\b/iu;

function findPromptRequest(message: string): Found[] {
  const request = PROMPT_REQUEST.exec(message);
  if (!request) return [];
  const named = /\b(?:use|find|get|apply|run|pick|fetch|load|utilise|trouve)\s+(?:the|my|a|an|le|mon|un)?\s*([\p{L}\d -]*?)\s*prompts?\b/iu.exec(message)?.[1]?.trim();
  const purpose = /\bprompts?(?:\s+library)?\s+(?:for|about|on|to|pour|sur)\s+(.+)/i.exec(message)?.[1];
  const query = (named && !/^(?:library|saved)$/i.test(named) && named) || (purpose && topicOf(purpose)) || withoutScaffolding(message.replace(/\bprompts?\b|\blibrary\b|\b(?:use|utilise)\b/gi, ' ')) || message.trim();
  return [{ name: 'prompt_library', arguments: { query }, at: request.index }];
}

// ---- answering with the results -----------------------------------------------------------------

/** The tool results at the end of the history: the ones the model is now asked to answer with. */
export function trailingToolResults(history: ChatMessage[]): Array<Extract<ChatMessage, { role: 'tool' }>> {
  const results: Array<Extract<ChatMessage, { role: 'tool' }>> = [];
  for (let i = history.length - 1; i >= 0; i--) {
    const message = history[i]!;
    if (message.role !== 'tool') break;
    results.unshift(message);
  }
  return results;
}

const oneLine = (text: string, limit = 300) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit)}…` : flat;
};

const firstSentence = (text: string) => oneLine(/^.*?[.!?](?=\s|$)/s.exec(text.trim())?.[0] ?? text);

/**
 * The knowledge tool's passages, `[n] <file name> (p. X): <passage>`, each kept with its own
 * marker; a passage may run over several lines until the next marker.
 */
function passages(content: string): Array<{ marker: string; text: string }> {
  const found: Array<{ marker: string; text: string }> = [];
  for (const line of content.split('\n')) {
    const start = /^\s*(\[\d+\])\s+.*?(?:\(p\.\s*\d+\))?:\s+(.*)$/.exec(line);
    if (start) found.push({ marker: start[1]!, text: start[2]! });
    else if (found.length && line.trim()) found[found.length - 1]!.text += ` ${line.trim()}`;
  }
  return found;
}

/** One result as a bullet list line (or lines): the calculator's sum, the passages with their markers, what failed and why. */
function describeResult(result: Extract<ChatMessage, { role: 'tool' }>, call: ToolCall | undefined): string[] {
  if (result.isError) return [`- **${result.name}** failed: ${oneLine(result.content).replace(/^Error: /, '')}`];
  if (result.name === 'calculator') {
    const value = oneLine(result.content.split(' = ').at(-1) ?? result.content, 80);
    const expression = typeof call?.arguments['expression'] === 'string' ? call.arguments['expression'] : undefined;
    return [expression ? `- **calculator**: \`${expression}\` = ${value}` : `- **calculator**: ${value}`];
  }
  if (result.name === 'knowledge_search') {
    const found = passages(result.content);
    if (found.length) return found.slice(0, 5).map(({ marker, text }) => `- From your notes ${marker}: ${firstSentence(text)}`);
  }
  return [`- **${result.name}**: ${oneLine(result.content)}`];
}

/** The offline answer once the tools have run: each result summarised, nothing reasoned. */
export function describeResults(history: ChatMessage[], results: Array<Extract<ChatMessage, { role: 'tool' }>>): string[] {
  const calls = new Map(history.flatMap((message) => (message.role === 'assistant' ? (message.toolCalls ?? []) : [])).map((call) => [call.id, call]));
  return results.flatMap((result) => describeResult(result, calls.get(result.toolCallId)));
}
