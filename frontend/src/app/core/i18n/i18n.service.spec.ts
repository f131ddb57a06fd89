import { TestBed } from '@angular/core/testing';
import { I18nService, PRELOADED_DICTIONARIES } from './i18n.service';
import { en } from './messages.en';
import { fr } from './messages.fr';

describe('I18nService', () => {
  beforeEach(() => {
    localStorage.clear();
    document.documentElement.lang = '';
  });

  function create(): I18nService {
    return TestBed.inject(I18nService);
  }

  it('starts from the language stored in localStorage', () => {
    localStorage.setItem('webox.language', 'fr');
    const i18n = create();
    expect(i18n.language()).toBe('fr');
    expect(i18n.t('area.chat.title')).toBe('Chat multi-IA');
    expect(document.documentElement.lang).toBe('fr');
  });

  it('falls back to the browser language when nothing is stored', () => {
    const spy = vi.spyOn(navigator, 'language', 'get').mockReturnValue('fr-CA');
    expect(create().language()).toBe('fr');
    spy.mockRestore();
  });

  it('ignores an unknown stored value and uses English for a non-French browser', () => {
    localStorage.setItem('webox.language', 'de');
    const spy = vi.spyOn(navigator, 'language', 'get').mockReturnValue('de-DE');
    expect(create().language()).toBe('en');
    spy.mockRestore();
  });

  it('switches at runtime, persists the choice and updates <html lang>', () => {
    localStorage.setItem('webox.language', 'en');
    const i18n = create();
    expect(i18n.t('shell.logout')).toBe('Log out');

    i18n.setLanguage('fr');

    expect(i18n.t('shell.logout')).toBe('Se déconnecter');
    expect(i18n.locale()).toBe('fr-FR');
    expect(localStorage.getItem('webox.language')).toBe('fr');
    expect(document.documentElement.lang).toBe('fr');
  });

  it('replaces parameters and leaves unknown placeholders alone', () => {
    localStorage.setItem('webox.language', 'en');
    const i18n = create();
    expect(i18n.t('dashboard.welcome', { name: 'Ada' })).toBe('Welcome, Ada');
    expect(i18n.t('validation.maxLength', { max: 100 })).toBe('At most 100 characters.');
    expect(i18n.t('dashboard.welcome')).toBe('Welcome, {name}');
    i18n.setLanguage('fr');
    expect(i18n.t('dashboard.welcome', { name: 'Ada' })).toBe('Bienvenue, Ada');
  });

  it('picks the plural form the language’s rules give, and formats the number in its locale', () => {
    localStorage.setItem('webox.language', 'en');
    const i18n = create();
    expect(i18n.t('prompts.count', { count: 1 })).toBe('1 prompt');
    expect(i18n.t('prompts.count', { count: 0 })).toBe('0 prompts');
    expect(i18n.t('prompts.count', { count: 1234 })).toBe('1,234 prompts');
    expect(i18n.t('prompts.useCount', { count: 1 })).toBe('Used 1 time');
    i18n.setLanguage('fr');
    expect(i18n.t('prompts.count', { count: 0 })).toBe('0 prompt');
    expect(i18n.t('chat.history.models', { count: 2 })).toBe('2 modèles');
    expect(i18n.t('prompts.count', { count: 1234 }).replace(/\s/g, ' ')).toBe('1 234 prompts');
  });

  it('has the same keys and the same placeholders in both dictionaries', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    // A parameter is `{name}` or the head of a plural, `{name, plural, …}`.
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((match) => match[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(fr[key]), key).toEqual(placeholders(en[key]));
    }
  });

  describe('loading the dictionaries', () => {
    // Without the dictionaries the unit tests' providers file gives: loaded as in the app.
    beforeEach(() => TestBed.configureTestingModule({ providers: [{ provide: PRELOADED_DICTIONARIES, useValue: {} }] }));

    it('shows no language before its dictionary is here, then the one it picked', async () => {
      localStorage.setItem('webox.language', 'fr');
      const i18n = create();
      expect(i18n.t('shell.logout')).toBe('shell.logout');
      await i18n.ready();
      expect(i18n.t('shell.logout')).toBe('Se déconnecter');
    });

    it('keeps the current language until the chosen one is loaded', async () => {
      localStorage.setItem('webox.language', 'en');
      const i18n = create();
      await i18n.ready();

      i18n.setLanguage('fr');
      expect(i18n.language()).toBe('en');
      expect(i18n.t('shell.logout')).toBe('Log out');
      expect(localStorage.getItem('webox.language')).toBe('fr');

      await i18n.ready();
      expect(i18n.language()).toBe('fr');
      expect(i18n.t('shell.logout')).toBe('Se déconnecter');
      expect(document.documentElement.lang).toBe('fr');

      // Loaded once: switching back and forth is immediate.
      i18n.setLanguage('en');
      expect(i18n.t('shell.logout')).toBe('Log out');
      i18n.setLanguage('fr');
      expect(i18n.t('shell.logout')).toBe('Se déconnecter');
    });

    it('lets the last choice win over an earlier one still loading', async () => {
      localStorage.setItem('webox.language', 'en');
      const i18n = create();
      await i18n.ready();
      i18n.setLanguage('fr');
      i18n.setLanguage('en');
      await i18n.ready();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(i18n.language()).toBe('en');
      expect(i18n.t('shell.logout')).toBe('Log out');
    });
  });

  it('names the fifteen areas in French as the product does', () => {
    localStorage.setItem('webox.language', 'fr');
    const i18n = create();
    const ids = ['dashboard', 'chat', 'agents', 'prompts', 'generation', 'combinations', 'voice', 'automation', 'catalog', 'collaboration', 'blog', 'documentation', 'media', 'profile', 'admin'] as const;
    expect(ids.map((id) => i18n.t(`area.${id}.title`))).toEqual([
      'Accueil',
      'Chat multi-IA',
      'Agents IA',
      'Bibliothèque de prompts',
      'Génération multi-média',
      'Combinaisons IA',
      'Assistant vocal',
      'Automatisation',
      "Catalogue d'outils IA",
      'Collaboration',
      'Blog IA',
      'Documentation',
      'Gestionnaire média',
      'Mon profil',
      'Administration',
    ]);
  });
});
