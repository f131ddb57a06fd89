import type { ChatModelDto } from '../../api/models';

/** The picker's two lists: what can be sent to now, and the rest with the reason why not. */
export interface OrderedModels {
  usable: ChatModelDto[];
  unusable: ChatModelDto[];
}

/**
 * Usable models first, the favorites at the top in the user's order, then the others in catalogue
 * order; the models that cannot be used (no key for their provider, …) after them. `filter` keeps
 * the models whose name, id or provider contains it.
 */
export function orderModels(models: readonly ChatModelDto[], favorites: readonly string[], filter = ''): OrderedModels {
  const needle = filter.trim().toLowerCase();
  const shown = needle ? models.filter((model) => `${model.name} ${model.id} ${model.providerLabel}`.toLowerCase().includes(needle)) : [...models];
  const rank = (model: ChatModelDto) => {
    const index = favorites.indexOf(model.id);
    return index === -1 ? favorites.length : index;
  };
  const usable = shown.filter((model) => model.available).sort((a, b) => rank(a) - rank(b));
  return { usable, unusable: shown.filter((model) => !model.available) };
}

/** The usable models an `@mention` names, best first: names and ids that start with it, then those that contain it. */
export function mentionMatches(models: readonly ChatModelDto[], favorites: readonly string[], query: string, limit = 6): ChatModelDto[] {
  const needle = query.toLowerCase();
  const { usable } = orderModels(models, favorites);
  // The whole name and id, and each of their words ("mini" names GPT-4o mini).
  const words = (model: ChatModelDto) => {
    const whole = [model.name.toLowerCase(), model.id.toLowerCase(), model.id.split('/')[1]!.toLowerCase()];
    return [...whole, ...whole.flatMap((text) => text.split(/[\s/()]+|-(?=[a-z])/))];
  };
  const starts = usable.filter((model) => words(model).some((word) => word.startsWith(needle)));
  const contains = usable.filter((model) => !starts.includes(model) && words(model).some((word) => word.includes(needle)));
  return [...starts, ...contains].slice(0, limit);
}

/**
 * The `@mentions` of a message that name exactly one usable model (`@claude-haiku`, `@gpt-4o-mini`):
 * those models, and the text without the mentions. A mention that names none, or several, stays
 * in the text as the user wrote it.
 */
export function resolveMentions(text: string, models: readonly ChatModelDto[], favorites: readonly string[]): { text: string; ids: string[] } {
  const ids: string[] = [];
  const rest = text.replace(/(^|\s)@([\w.:/-]+)/g, (whole, space: string, query: string) => {
    const matches = mentionMatches(models, favorites, query, 2);
    const exact = matches.find((model) => model.id.toLowerCase() === query.toLowerCase() || model.id.split('/')[1]!.toLowerCase() === query.toLowerCase());
    const model = exact ?? (matches.length === 1 ? matches[0] : undefined);
    if (!model) return whole;
    if (!ids.includes(model.id)) ids.push(model.id);
    return space;
  });
  return { text: rest.replace(/[ \t]{2,}/g, ' ').trim(), ids };
}
