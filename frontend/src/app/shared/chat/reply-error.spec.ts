import { TestBed } from '@angular/core/testing';
import { I18nService } from '../../core/i18n/i18n.service';
import { replyErrorText, streamFailure } from './reply-error';

describe('reply errors', () => {
  afterEach(() => localStorage.clear());

  async function i18nIn(language: 'en' | 'fr'): Promise<I18nService> {
    localStorage.setItem('webox.language', language);
    const i18n = TestBed.inject(I18nService);
    i18n.setLanguage(language);
    await i18n.ready();
    return i18n;
  }

  it('a vendor’s code in a stream event becomes the API’s PROVIDER_ code with the vendor; the others stay', () => {
    expect(streamFailure({ code: 'rate_limited', message: 'OpenAI: too many requests', provider: 'openai' })).toEqual({ code: 'PROVIDER_RATE_LIMITED', params: { provider: 'openai' }, message: 'OpenAI: too many requests' });
    expect(streamFailure({ code: 'MODEL_CANNOT_SEE_IMAGES', message: 'GPT does not take images' })).toEqual({ code: 'MODEL_CANNOT_SEE_IMAGES', params: {}, message: 'GPT does not take images' });
    // The event's own params (the reply's errorParams), so a live column names what the stored one names.
    expect(streamFailure({ code: 'MODEL_CANNOT_SEE_IMAGES', message: 'GPT does not take images', params: { model: 'GPT-5.4', files: 'cat.png' } })).toEqual({
      code: 'MODEL_CANNOT_SEE_IMAGES',
      params: { model: 'GPT-5.4', files: 'cat.png' },
      message: 'GPT does not take images',
    });
  });

  it('says a stored failure in French from its code, never the English sentence stored with it', async () => {
    const i18n = await i18nIn('fr');
    expect(replyErrorText(i18n, { code: 'PROVIDER_UNAVAILABLE', params: { provider: 'openai' }, message: 'OpenAI: service unavailable (500)' })).toBe('OpenAI est indisponible pour le moment. Réessayez dans un instant.');
    expect(replyErrorText(i18n, { code: 'MODEL_CANNOT_SEE_IMAGES', params: { model: 'openai/gpt-3.5', files: '"a.png"' }, message: 'x' })).toBe('Ce modèle ne prend pas d’images : choisissez-en un qui les accepte pour poser une question à leur sujet.');
  });

  it('falls back to the server’s sentence for a code this client does not know, and to a generic one without either', async () => {
    const i18n = await i18nIn('en');
    expect(replyErrorText(i18n, { code: ['FROM', 'A', 'NEWER', 'SERVER'].join('_'), params: {}, message: 'A newer failure' })).toBe('A newer failure');
    expect(replyErrorText(i18n, { code: null, params: {}, message: 'Stored before codes' })).toBe('Stored before codes');
    expect(replyErrorText(i18n, { code: null, params: {}, message: null })).toBe(i18n.t('common.unexpectedError'));
  });
});
