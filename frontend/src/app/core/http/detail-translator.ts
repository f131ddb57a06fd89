/*
 * Kept free of Angular imports: the I18nService registers the translator at start, and importing
 * `@angular/common/http` that early (before the compiler in unit tests) breaks the test set-up.
 */

/** One `details[]` entry of an error answer: the server's English sentence, and the rule broken with its values when it says which. */
export interface FieldDetail {
  field: string;
  message: string;
  constraint?: string;
  params: Record<string, string | number>;
}

/** Says a field's problem in the user's language, or gives up (undefined) for the server's own sentence. */
export type DetailTranslator = (detail: FieldDetail) => string | undefined;
let translator: DetailTranslator = () => undefined;

/**
 * Registers how field problems are put in the user's words: the I18nService does it once at start
 * (the 41 callers of `toApiProblem` need no translator of their own, and no call site can forget it).
 */
export function useDetailTranslator(given: DetailTranslator): void {
  translator = given;
}

/** The registered translator's words for a detail, or undefined for the server's own sentence. */
export function translateDetail(detail: FieldDetail): string | undefined {
  return translator(detail);
}
