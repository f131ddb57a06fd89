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

/**
 * How much of a message the patterns read: its end, where the question is. Every pattern below is
 * linear besides (no nested or overlapping quantifiers that can retry a run of the same characters),
 * and the cap bounds the work even if one is not.
 */
export const MAX_SCANNED_CHARS = 2_000;

/** The tools to call for `message`, among those `offered`, in the order the message asks for them. */
export function planToolCalls(message: string, offered: ReadonlySet<string>): PlannedCall[] {
  return planToolCallsIn(message.length > MAX_SCANNED_CHARS ? message.slice(-MAX_SCANNED_CHARS) : message, offered);
}

/** `planToolCalls` without the cap, exported so the patterns' own linearity is tested on long inputs. */
export function planToolCallsIn(message: string, offered: ReadonlySet<string>): PlannedCall[] {
  // Offered alone, as in a plain chat with collections attached, the documents are the chat's
  // context: every question is searched, whether it names them or not.
  const knowledgeOnly = offered.size === 1 && offered.has('knowledge_search');
  const finders: Record<string, (text: string) => Found[]> = {
    calculator: findArithmetic,
    knowledge_search: (text) => findKnowledgeQuestion(text, knowledgeOnly),
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
  // The lookbehinds let a number start only where a run of digits starts: tried from inside a run,
  // `\d+` would walk the rest of it again at every digit (quadratic on a long run).
  return text
    .replace(/(?<![\w,])\d{1,3}(?:,\d{3})+(?!\w)/g, (number) => number.replace(/,/g, ''))
    .replace(/(?<![\d.])(\d+(?:\.\d+)?)\s*%\s*(?:of|de|du|des)\s+(\d+(?:\.\d+)?)/gi, '$1 / 100 * $2')
    .replace(/(\d)\s+(?:plus)\s+(?=[\d(])/gi, '$1 + ')
    .replace(/(\d)\s+(?:minus|moins)\s+(?=[\d(])/gi, '$1 - ')
    .replace(/(\d)\s*(?:times|multiplied by|fois|x|×)\s*(?=[\d(])/gi, '$1 * ')
    .replace(/(\d)\s*(?:divided by|over|divisé par|÷)\s*(?=[\d(])/gi, '$1 / ');
}

/** Drops parentheses that open or close nothing at the edges of a match ("(3+4" → "3+4"), in one pass. */
function balance(expression: string): string | undefined {
  let depth = 0;
  for (const char of expression) depth += char === '(' ? 1 : char === ')' ? -1 : 0;
  const isSpace = (char: string | undefined) => char !== undefined && /\s/.test(char);
  let start = 0;
  let end = expression.length;
  const skipSpaces = () => {
    while (start < end && isSpace(expression[start])) start++;
    while (end > start && isSpace(expression[end - 1])) end--;
  };
  skipSpaces();
  while (depth > 0 && expression[start] === '(') {
    depth--;
    start++;
    skipSpaces();
  }
  while (depth < 0 && expression[end - 1] === ')') {
    depth++;
    end--;
    skipSpaces();
  }
  return depth === 0 ? expression.slice(start, end) : undefined;
}

/**
 * Spans that look like arithmetic: from a digit or `(` (with a `-` just before it) to the last
 * digit or `)` of a run of `chars`. What `/-?[\d(][chars]*[\d)]/g` finds, without its backtracking:
 * on a run with no closing digit (`((((…`) that pattern retries the rest of the run from every
 * character. Here each run is one greedy match with nothing after it, and the ends are found by hand.
 */
function arithmeticSpans(text: string, chars: RegExp, ends: RegExp): Array<{ index: number; text: string }> {
  const spans: Array<{ index: number; text: string }> = [];
  for (const run of text.matchAll(chars)) {
    const body = run[0];
    let first = body.search(/[\d(]/);
    if (first < 0) continue;
    if (first > 0 && body[first - 1] === '-') first--;
    let last = body.length - 1;
    while (last >= 0 && !ends.test(body[last]!)) last--;
    // At least two characters: the start and a distinct end.
    if (last <= first || (body[first] === '-' && last <= first + 1)) continue;
    spans.push({ index: run.index + first, text: body.slice(first, last + 1) });
  }
  return spans;
}

function findArithmetic(message: string): Found[] {
  const text = toMathNotation(message);
  // Positions in the rewritten text are close enough for ordering: rewriting happens in place.
  const found: Found[] = [];
  for (const match of arithmeticSpans(text, /[\d\s.()+\-*/^]+/g, /[\d)]/)) {
    const expression = balance(match.text);
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

/** Where a topic stops: the end of the sentence, or "and" starting another question. Spaces are read from the start of their run only (no retry from inside it). */
const CLAUSE_END = /[?!.;]|(?<!\s)\s+(?:and|et|but|mais|then|puis|also)\s+(?:what|how|when|where|who|why|which|is|are|do|does|can|could|tell|give|show|calculate|compute|draw|que|quel|quelle|quels|combien|comment|calcule|dessine)\b/i;

const LEADING_FILLER = /^(?:(?:the|a|an|le|la|les|l['’]|des|du|de\s+la|my|mes|mon|ma)\s*)+/i;

/** `text` up to the end of its clause, without the punctuation around it. */
function clause(text: string): string {
  const end = CLAUSE_END.exec(text);
  // The trailing run is matched only from its first character: `[…]+$` alone retries a long run
  // that does not reach the end from each of its characters.
  return (end ? text.slice(0, end.index) : text).replace(/^[\s,:;-]+|(?<![\s,:;-])[\s,:;-]+$/g, '');
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

/**
 * "search for budgets in my notes": the topic comes before the mention. Found in two linear steps
 * (the closing "in" at the end, then the verb) rather than one pattern whose three overlapping
 * `\s+`/`.+?` runs made it cubic on a run of spaces.
 */
function topicBefore(head: string): string | undefined {
  const text = head.trimEnd();
  const closing = /(?:^|\s)(?:in|from|among|across|dans|parmi)$/i.exec(text);
  if (!closing) return undefined;
  const line = text.slice(0, closing.index);
  const verb = /\b(?:search|look\s+up|find|cherche)(?:\s+for)?\s+/i.exec(line.slice(line.lastIndexOf('\n') + 1));
  if (!verb) return undefined;
  const topic = line.slice(line.lastIndexOf('\n') + 1 + verb.index + verb[0].length).trim();
  return topic || undefined;
}

/** The message with its sums blanked out, so they do not become the topic. */
function withoutArithmetic(message: string): string {
  let text = '';
  let from = 0;
  for (const span of arithmeticSpans(message, /[\d\s.,()+\-*/^%]+/g, /[\d)%]/)) {
    text += `${message.slice(from, span.index)} `;
    from = span.index + span.text.length;
  }
  return text + message.slice(from);
}

/** A search when the message mentions the user's documents, or for any question when `always`; the query is its topic. */
function findKnowledgeQuestion(message: string, always = false): Found[] {
  const mention = KNOWLEDGE_MENTION.exec(message);
  if (!mention) {
    const question = message.trim();
    if (!always || !question) return [];
    return [{ name: 'knowledge_search', arguments: { query: withoutScaffolding(withoutArithmetic(message)) || question }, at: message.indexOf(question[0]!) }];
  }
  const after = message.slice(mention.index + mention[0].length);
  const about = /\b(?:about|regarding|concerning|on|for|sur|concernant|à\s+propos\s+d(?:e|u|es|['’]))\s*(.+)/i.exec(after);
  const before = topicBefore(message.slice(0, mention.index));
  const topic = (about && topicOf(about[1]!)) || (before && topicOf(before)) || withoutScaffolding(withoutArithmetic(message)) || message.trim();
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
    // A sentence's own punctuation is not part of the address (matched from the start of its run only).
    arguments: { url: match[0].replace(/(?<![.,;:!?])[.,;:!?]+$/, '') },
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

/**
 * The name in "use my cold email prompt": the words between a verb and "prompt", on one line of
 * letters, digits and spaces. Scanned by hand: as one pattern, a lazy run of letters and spaces
 * between two optional runs of spaces retried every split of a long run of spaces.
 */
function promptName(message: string): string | undefined {
  const verbs = /\b(?:use|find|get|apply|run|pick|fetch|load|utilise|trouve)\s+/giu;
  let searchedTo = -1;
  for (const verb of message.matchAll(verbs)) {
    const from = verb.index + verb[0].length;
    // A verb inside a stretch already searched shares its end, and so has no "prompt" either.
    if (from <= searchedTo) continue;
    const stretch = /^[\p{L}\d -]*/u.exec(message.slice(from))![0];
    searchedTo = from + stretch.length;
    const word = /(?<![\p{L}\d_])prompts?(?![\p{L}\d_])/iu.exec(stretch);
    if (!word) continue;
    const name = stretch.slice(0, word.index).replace(/^(?:(?:the|my|a|an|le|mon|un)(?= |$))?/iu, '').trim();
    return name;
  }
  return undefined;
}

function findPromptRequest(message: string): Found[] {
  const request = PROMPT_REQUEST.exec(message);
  if (!request) return [];
  const named = promptName(message);
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
    // One space then a lazy run: `\s+.*?` would retry the whole line for each leading space.
    const start = /^\s*(\[\d+\])\s.*?(?:\(p\.\s*\d+\))?:\s+(.*)$/.exec(line);
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
  return [`- **${result.name}**: ${jsonInWords(result.content) ?? oneLine(result.content)}`];
}

/**
 * A JSON result in words, never as raw JSON in the answer (its card shows it in full in the step):
 * an object's plain fields as `key: value` (at most 6, nested ones counted), an array as its count.
 */
function jsonInWords(content: string): string | undefined {
  const text = content.trim();
  if (!/^[[{]/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? '' : 's'} (shown in the step)`;
  const entries = Object.entries(value as Record<string, unknown>);
  const plain = entries.filter(([, item]) => item === null || typeof item !== 'object');
  const fields = plain.slice(0, 6).map(([key, item]) => `${key}: ${oneLine(String(item), 80)}`);
  const more = entries.length - fields.length;
  return oneLine([...fields, ...(more > 0 ? [`${more} more field${more === 1 ? '' : 's'} in the step`] : [])].join('; ') || 'no fields');
}

/** The offline answer once the tools have run: each result summarised, nothing reasoned. */
export function describeResults(history: ChatMessage[], results: Array<Extract<ChatMessage, { role: 'tool' }>>): string[] {
  const calls = new Map(history.flatMap((message) => (message.role === 'assistant' ? (message.toolCalls ?? []) : [])).map((call) => [call.id, call]));
  return results.flatMap((result) => describeResult(result, calls.get(result.toolCallId)));
}
