import { DOCUMENT, Injectable, computed, inject, signal } from '@angular/core';
import type { UserDto } from '../../api/models';
import { en, type MessageKey } from './messages.en';
import { fr } from './messages.fr';

export type Language = UserDto['language'];
export type MessageParams = Record<string, string | number>;

export const LANGUAGES: readonly Language[] = ['en', 'fr'];
const STORAGE_KEY = 'webox.language';
const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { en, fr };
const LOCALES: Record<Language, string> = { en: 'en-US', fr: 'fr-FR' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Runtime-switchable translations: two dictionaries and a signal.
 * Logged out, the language comes from localStorage or the browser; logged in, the session
 * store applies the one saved in the profile.
 */
@Injectable({ providedIn: 'root' })
export class I18nService {
  private readonly document = inject(DOCUMENT);
  private readonly current = signal<Language>(this.initialLanguage());

  readonly language = this.current.asReadonly();
  /** The locale id for Angular's date and number pipes. */
  readonly locale = computed(() => LOCALES[this.current()]);

  constructor() {
    this.document.documentElement.lang = this.current();
  }

  setLanguage(language: Language): void {
    this.current.set(language);
    this.document.documentElement.lang = language;
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Storage can be unavailable (private mode); the choice then lasts for this page only.
    }
  }

  /** Translates a key in the current language; `{name}` placeholders are replaced by `params`. */
  t(key: MessageKey, params?: MessageParams): string {
    const template = DICTIONARIES[this.current()][key] ?? en[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
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
