import { DOCUMENT, Injectable, InjectionToken, computed, inject, signal } from '@angular/core';
import type { UserDto } from '../../api/models';
import { useDetailTranslator } from '../http/detail-translator';
import { detailMessage } from '../http/detail-message';
import type { MessageKey } from './messages.en';

export type Language = UserDto['language'];
export type MessageParams = Record<string, string | number>;

/** `{count, plural, one {…} other {…}}`: no nesting, so one linear pass finds it. */
const PLURAL = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g;
export type Dictionary = Readonly<Record<MessageKey, string>>;

export const LANGUAGES: readonly Language[] = ['en', 'fr'];
const STORAGE_KEY = 'webox.language';
const LOCALES: Record<Language, string> = { en: 'en-US', fr: 'fr-FR' };

/**
 * Each dictionary is a lazy chunk of its own (about 40 kB each): a visit downloads the language it
 * shows, and the other one only when the user switches to it.
 */
const LOADERS: Record<Language, () => Promise<Dictionary>> = {
  en: () => import('./messages.en').then((module) => module.en),
  fr: () => import('./messages.fr').then((module) => module.fr),
};

/** Dictionaries given up front instead of loaded (the unit tests' providers file gives both). */
export const PRELOADED_DICTIONARIES = new InjectionToken<Partial<Record<Language, Dictionary>>>('PRELOADED_DICTIONARIES');

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Runtime-switchable translations: lazily loaded dictionaries and a signal.
 * Logged out, the language comes from localStorage or the browser; logged in, the session
 * store applies the one saved in the profile. A language is shown once its dictionary is here:
 * until then the page keeps the previous one, and the app initializer waits for the first
 * (`ready()`), so no key is ever painted.
 */
@Injectable({ providedIn: 'root' })
export class I18nService {
  private readonly document = inject(DOCUMENT);
  private readonly dictionaries = signal<Partial<Record<Language, Dictionary>>>({ ...inject(PRELOADED_DICTIONARIES, { optional: true }) });
  private readonly loads = new Map<Language, Promise<Dictionary>>();
  private readonly current = signal<Language>(this.initialLanguage());
  /** The language asked for last: a slower load of an earlier choice does not override it. */
  private wanted: Language = this.current();
  private switching: Promise<void> = this.load(this.wanted).then(
    () => undefined,
    (error: unknown) => console.error(error),
  );

  readonly language = this.current.asReadonly();
  /** The locale id for Angular's date and number pipes. */
  readonly locale = computed(() => LOCALES[this.current()]);

  constructor() {
    this.document.documentElement.lang = this.current();
    // Field problems of failed calls (`details[]`) are said in the language shown.
    useDetailTranslator((detail) => detailMessage(this, detail));
  }

  /** Resolves when the language asked for last is shown (at start-up: the first dictionary). */
  ready(): Promise<void> {
    return this.switching;
  }

  /** Shows `language` as soon as its dictionary is loaded, and remembers the choice. */
  setLanguage(language: Language): void {
    this.wanted = language;
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Storage can be unavailable (private mode); the choice then lasts for this page only.
    }
    if (this.dictionaries()[language]) {
      // Already here (loaded before, or preloaded): switch at once.
      this.show(language);
      this.switching = Promise.resolve();
      return;
    }
    this.switching = this.load(language).then(
      () => {
        if (this.wanted === language) this.show(language);
      },
      // The chunk could not be fetched (offline): the page stays in its language; a later choice retries.
      (error: unknown) => console.error(error),
    );
  }

  /**
   * Translates a key in the current language; `{name}` placeholders are replaced by `params`, and
   * `{name, plural, one {# item} other {# items}}` picks the form the language's plural rules give
   * for that number (`#` is the number; French counts 0 and 1 as singular).
   */
  t(key: MessageKey, params?: MessageParams): string {
    const template = this.dictionaries()[this.current()]?.[key] ?? key;
    if (!params) return template;
    return template
      .replace(PLURAL, (match, name: string, one: string, other: string) => {
        const value = params[name];
        if (typeof value !== 'number') return match;
        const form = new Intl.PluralRules(this.current()).select(value) === 'one' ? one : other;
        return form.replace('#', new Intl.NumberFormat(this.current()).format(value));
      })
      .replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
  }

  /** Whether the current dictionary has this key (a code from a newer server may have no message here). */
  has(key: string): key is MessageKey {
    const dictionary = this.dictionaries()[this.current()];
    return !!dictionary && Object.hasOwn(dictionary, key);
  }

  private show(language: Language): void {
    this.current.set(language);
    this.document.documentElement.lang = language;
  }

  private load(language: Language): Promise<Dictionary> {
    const loaded = this.dictionaries()[language];
    if (loaded) return Promise.resolve(loaded);
    let load = this.loads.get(language);
    if (!load) {
      load = LOADERS[language]().then(
        (dictionary) => {
          this.dictionaries.update((all) => ({ ...all, [language]: dictionary }));
          return dictionary;
        },
        (error: unknown) => {
          this.loads.delete(language);
          throw error;
        },
      );
      this.loads.set(language, load);
    }
    return load;
  }

  private initialLanguage(): Language {
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(STORAGE_KEY);
    } catch {
      stored = null;
    }
    if (isLanguage(stored)) return stored;
    const browser = this.document.defaultView?.navigator.language ?? 'en';
    return browser.toLowerCase().startsWith('fr') ? 'fr' : 'en';
  }
}

/** The message key of a language's name (each language is named in its own language). */
export function languageName(language: Language): MessageKey {
  return `language.${language}`;
}
