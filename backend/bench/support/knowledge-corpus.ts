import { chunkSections } from '../../src/modules/knowledge/chunk';
import { seededRandom } from '../../test/support/seeded-random';

/**
 * A synthetic but realistic corpus for the knowledge benchmark: Markdown documents on six topics,
 * written from a few hundred words with a skewed (Zipf-like) frequency, so some words are in most
 * passages and others in few, and each document also borrows words from another topic. Full-text
 * ranking and the emulator's bag-of-words embeddings therefore both have real work to do, and a
 * query about a topic should bring up passages of that topic first. Deterministic for a seed.
 */

export const TOPICS = {
  gardening: `garden compost soil seedlings tomatoes mulch beans pruning greenhouse orchard hedge roses lettuce carrots watering irrigation
    fertiliser manure weeds trellis perennials annuals bulbs spade rake cuttings germination frost pollinators bees aphids slugs raised beds
    potatoes squash herbs basil thyme rosemary shade sunlight harvest seeds cloche loam clay drainage wormery leafmould allotment`,
  finance: `budget savings mortgage interest pension invoice expenses income taxes dividends portfolio bonds equities inflation loan
    repayment credit debit account ledger receipts rent insurance premium deductible salary payroll allowance forecast quarterly audit
    accountant refund deposit overdraft currency exchange fees liquidity capital assets liabilities balance statement spreadsheet
    treasurer subscription utilities groceries`,
  cooking: `recipe oven flour butter sourdough dough knead yeast simmer broth stock saucepan skillet garlic onions shallots pepper
    salt vinegar olive roast braise marinade dessert pastry custard caramel whisk batter fillet salmon risotto noodles dumplings
    spices cumin paprika cinnamon ginger lemon zest chocolate vanilla crust glaze ferment pickles`,
  astronomy: `telescope galaxy nebula comet asteroid orbit planet moon eclipse meteor constellation supernova pulsar quasar
    redshift spectrum observatory aperture eyepiece magnitude parallax cluster satellite jupiter saturn mars venus mercury
    neptune uranus solstice equinox zenith horizon azimuth declination ascension exoplanet photometry aurora cosmic dust starlight`,
  operations: `server deployment container kubernetes cluster latency throughput database replica backup restore outage incident
    monitoring alerting dashboard logs metrics tracing queue worker scheduler cache redis postgres migration rollback release
    pipeline build artifact registry firewall certificate rotation failover loadbalancer scaling capacity runbook oncall postmortem`,
  travel: `itinerary passport visa airport luggage flight layover hotel hostel reservation train ferry border customs museum
    cathedral harbour village coastline mountains hiking trail guidebook map souvenir market ticket platform timetable
    sleeper carriage lagoon island canal bridge castle vineyard monastery festival cuisine phrasebook`,
} as const;

export type Topic = keyof typeof TOPICS;
export const TOPIC_NAMES = Object.keys(TOPICS) as Topic[];

/** The words that hold sentences together, most frequent first (the `simple` configuration indexes them all). */
const FUNCTION_WORDS = `the of and to a in is for with on that by as from at this was are it be or an which each after before
  during into over under about between than every most some`.split(/\s+/);

/** Content words shared by every topic: they match passages of all topics alike. */
const COMMON_WORDS = `week month year plan team result morning evening list note change check record start finish early late
  small large new old first last cost time place group order review problem reason detail summary weekend spring autumn winter
  summer report schedule`.split(/\s+/);

const words = (topic: Topic) => TOPICS[topic].split(/\s+/).filter(Boolean);

/** Picks from a list with Zipf-like weights: the first items often, the last rarely. */
function zipfPicker(list: readonly string[], random: () => number, exponent = 0.9): () => string {
  const weights = list.map((_, rank) => 1 / (rank + 1) ** exponent);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const cumulative: number[] = [];
  weights.reduce((sum, weight) => (cumulative.push((sum + weight) / total), sum + weight), 0);
  return () => {
    const roll = random();
    const index = cumulative.findIndex((bound) => roll <= bound);
    return list[index < 0 ? list.length - 1 : index]!;
  };
}

export interface CorpusDocument {
  name: string;
  topic: Topic;
  text: string;
  /** Passages the indexer will cut it into (the real chunker, run here). */
  chunkCount: number;
}

/**
 * `count` documents of exactly `chunksPerDocument` passages each (as Webox's chunker cuts them:
 * 1 000 characters with a 200-character overlap), topic i % 6, each with a second topic it
 * borrows a tenth of its words from.
 */
export function generateCorpus(count: number, chunksPerDocument: number, seed = 20261126): CorpusDocument[] {
  const random = seededRandom(seed);
  const pickFunction = zipfPicker(FUNCTION_WORDS, random, 1.1);
  const pickCommon = zipfPicker(COMMON_WORDS, random);
  const pickers = new Map(TOPIC_NAMES.map((topic) => [topic, zipfPicker(words(topic), random)]));
  const documents: CorpusDocument[] = [];
  for (let index = 0; index < count; index++) {
    const topic = TOPIC_NAMES[index % TOPIC_NAMES.length]!;
    const borrowed = TOPIC_NAMES[(index + 1 + (index % 3)) % TOPIC_NAMES.length]!;
    const pickTopic = pickers.get(topic)!;
    const pickBorrowed = pickers.get(borrowed)!;
    const sentence = () => {
      const length = 10 + Math.floor(random() * 13);
      const picked = Array.from({ length }, () => {
        const roll = random();
        return roll < 0.45 ? pickFunction() : roll < 0.8 ? pickTopic() : roll < 0.9 ? pickBorrowed() : pickCommon();
      });
      const text = picked.join(' ');
      return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
    };
    const paragraph = () => Array.from({ length: 3 + Math.floor(random() * 4) }, sentence).join(' ');
    const name = `${topic}-${String(index + 1).padStart(3, '0')}.md`;
    const parts = [`# ${capitalise(pickTopic())} and ${pickTopic()}: ${topic} notes ${index + 1}`];
    // About 800 new characters per passage once the overlap is taken out; add until there are enough, then cut at the last wanted passage.
    while (chunkSections([{ page: null, text: parts.join('\n\n') }]).length < chunksPerDocument) {
      for (let i = 0; i < 8; i++) parts.push(random() < 0.15 ? `## ${capitalise(pickTopic())} ${pickTopic()}` : paragraph());
    }
    const text = cutAfterChunk(parts.join('\n\n'), chunksPerDocument);
    documents.push({ name, topic, text, chunkCount: chunkSections([{ page: null, text }]).length });
  }
  return documents;
}

/** The text up to the end of its `n`-th passage, so the chunker cuts exactly `n` (it looks no further than a passage ahead). */
function cutAfterChunk(text: string, n: number): string {
  const chunks = chunkSections([{ page: null, text }]);
  if (chunks.length <= n) return text;
  // Passages overlap, so look for the n-th from a little before where it can start.
  const last = chunks[n - 1]!.text;
  let from = 0;
  for (let i = 0; i < n - 1; i++) from += chunks[i]!.text.length - 200;
  const at = text.indexOf(last, Math.max(0, from - 2_000));
  return at < 0 ? text : text.slice(0, at + last.length);
}

const capitalise = (word: string) => `${word[0]!.toUpperCase()}${word.slice(1)}`;

export type QueryKind = 'keywords' | 'question' | 'phrase';

export interface BenchQuery {
  kind: QueryKind;
  topic: Topic;
  text: string;
}

/**
 * Queries over the corpus, cycling through three kinds, each about one topic:
 * - `keywords`: two words of the topic ("compost mulch"): every word must match (websearch_to_tsquery);
 * - `question`: a question in plain words ("what do my notes say about compost and mulch?"): no
 *   passage has every word, so the search falls back to any significant word, as prefixes — the
 *   costly path;
 * - `phrase`: two words in quotes, a phrase search.
 * The words are drawn from the middle of the topic's frequency range, so they are neither in every
 * passage nor in none. Each query text is unique (a suffix number is never needed: the draw repeats
 * until it gives a new text).
 */
export function generateQueries(count: number, seed = 7): BenchQuery[] {
  const random = seededRandom(seed);
  const seen = new Set<string>();
  const queries: BenchQuery[] = [];
  const kinds: QueryKind[] = ['keywords', 'question', 'phrase'];
  for (let attempt = 0; queries.length < count && attempt < count * 50; attempt++) {
    const kind = kinds[queries.length % kinds.length]!;
    const topic = TOPIC_NAMES[Math.floor(random() * TOPIC_NAMES.length)]!;
    const list = words(topic);
    const pick = () => list[Math.floor(random() * Math.min(list.length, 30))]!;
    const [a, b] = [pick(), pick()];
    if (a === b) continue;
    const text = kind === 'keywords' ? `${a} ${b}` : kind === 'question' ? `what do my notes say about ${a} and ${b}?` : `"${a} ${b}"`;
    if (seen.has(text)) continue;
    seen.add(text);
    queries.push({ kind, topic, text });
  }
  return queries;
}

/** The topic of a corpus file, from its name (`gardening-007.md`). */
export const topicOfFile = (fileName: string): string => fileName.replace(/-\d+\.md$/, '');
