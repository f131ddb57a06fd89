import { languageOf } from './request-language';

describe('languageOf', () => {
  it('takes the first language Webox speaks, by quality', () => {
    expect(languageOf('fr')).toBe('fr');
    expect(languageOf('fr-CA,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(languageOf('de-DE,de;q=0.9,fr;q=0.8,en;q=0.7')).toBe('fr');
    expect(languageOf('en;q=0.5,fr;q=0.9')).toBe('fr');
    expect(languageOf('en-GB,fr')).toBe('en');
  });

  it('is English without a header, for languages it does not speak, and for a refused language', () => {
    expect(languageOf(undefined)).toBe('en');
    expect(languageOf('')).toBe('en');
    expect(languageOf('de,es;q=0.5')).toBe('en');
    expect(languageOf('fr;q=0, de')).toBe('en');
  });
});
