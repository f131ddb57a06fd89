/**
 * Words a question is made of that say nothing about its subject, in English and French (the
 * `simple` text configuration keeps every word, so they are dropped here), and the words people
 * use to point at their own documents ("what do my notes say about ...").
 */
const STOP_WORDS = new Set(
  (
    'a an the and or but if of to in on at by for with about from into over under as is are was were be been being am do does did done ' +
    'have has had having i me my mine we us our ours you your yours he him his she her hers it its they them their theirs ' +
    'this that these those what which who whom whose when where why how there here can could should would will shall may might must ' +
    'not no yes so than then too very just also any all some each every more most other such only own same few ' +
    'say says said tell told give show find search look know mention mentions mentioned write wrote written please ' +
    'note notes document documents doc docs file files information info regarding anything something thing things ' +
    'le la les un une des du de d l et ou mais donc or ni car que qu qui quoi quel quelle quels quelles est sont ai as avons avez ont ' +
    'être avoir fait faire je j tu il elle on nous vous ils elles me moi te toi se lui leur leurs mon ma mes ton ta tes son sa ses ' +
    'notre nos votre vos ce cet cette ces ceci cela ça dans sur sous pour par avec sans chez entre vers en au aux y ne pas plus ' +
    'très aussi comment pourquoi quand où combien dit dire disent parle parlent sujet propos concernant fichier fichiers'
  ).split(' '),
);

/** At most this many words go into the fallback query: a long question must not become an expensive one. */
const MAX_TERMS = 12;

/**
 * A `to_tsquery('simple', ...)` text matching ANY significant word of the query, each as a prefix
 * of at least four letters with a plural `s`/`x` dropped ("budgets" → `budget:*`, matching
 * budget, budgets, budgeting), so a question in words finds a passage in others. Undefined when
 * nothing significant is left. Words are letters and digits only, so nothing in them is an operator.
 */
export function anyWordQuery(query: string): string | undefined {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms = new Set<string>();
  for (const word of words) {
    if (STOP_WORDS.has(word) || word.length < 2) continue;
    const stem = word.length > 4 && /[sx]$/.test(word) ? word.slice(0, -1) : word;
    terms.add(stem.length >= 4 ? `${stem}:*` : stem);
    if (terms.size === MAX_TERMS) break;
  }
  return terms.size ? [...terms].join(' | ') : undefined;
}

/** The query uses web-search syntax ("a phrase", -word, OR): it says exactly what must match, so no looser fallback. */
export function usesSearchSyntax(query: string): boolean {
  return /"|(^|\s)-[\p{L}\p{N}]|\sor\s/iu.test(query);
}
