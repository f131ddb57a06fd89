import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { I18nService } from '../i18n/i18n.service';
import { en } from '../i18n/messages.en';
import { fr } from '../i18n/messages.fr';
import { toApiProblem } from './api-error';
import { problemMessage } from './problem-message';

function answer(status: number, body: object): HttpErrorResponse {
  return new HttpErrorResponse({ status, error: { statusCode: status, ...body } });
}

describe('problemMessage', () => {
  let i18n: I18nService;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'fr');
    i18n = TestBed.inject(I18nService);
  });

  it('shows the translation of a known code, not the server’s English', () => {
    const problem = toApiProblem(answer(401, { code: 'INVALID_CREDENTIALS', message: 'Wrong e-mail or password' }));
    expect(problemMessage(i18n, problem)).toBe('E-mail ou mot de passe incorrect.');
    i18n.setLanguage('en');
    expect(problemMessage(i18n, problem)).toBe('Wrong e-mail or password.');
  });

  it('fills the message with the answer’s params, sizes and provider names in the user’s locale', () => {
    const tooLarge = toApiProblem(answer(413, { code: 'FILE_TOO_LARGE', message: '"a.png" is larger than the 10 MB limit per file', params: { name: 'a.png', limitBytes: 1.5 * 1024 * 1024 } }));
    expect(problemMessage(i18n, tooLarge)).toBe('« a.png » dépasse la limite de 1,5 Mo.');
    const provider = toApiProblem(answer(502, { code: 'PROVIDER_INVALID_CREDENTIALS', message: 'OpenAI refused the API key (401)', params: { provider: 'openai' } }));
    expect(problemMessage(i18n, provider)).toBe('OpenAI a refusé la clé d’API. Vérifiez-la dans votre profil.');
    const offline = toApiProblem(answer(502, { code: 'PROVIDER_UNKNOWN', message: 'Local (offline) failed', params: { provider: 'local' } }));
    expect(problemMessage(i18n, offline)).toBe('Modèle hors ligne a échoué.');
  });

  it('names a refusing budget, its limit and its reset in the user’s language and locale', () => {
    const resetsAt = '2027-01-01T00:00:00.000Z';
    const when = () => new Date(resetsAt).toLocaleString(i18n.locale(), { dateStyle: 'medium', timeStyle: 'short' });
    const monthly = toApiProblem(answer(402, { code: 'BUDGET_EXCEEDED', message: 'This request would exceed the monthly cost budget of $12.5', params: { budget: 'monthlyCost', limit: 12.5, resetsAt } }));
    expect(problemMessage(i18n, monthly)).toBe(`Cette requête dépasserait votre budget mensuel (12,50\u00a0$US). Remise à zéro le ${when()}.`);
    i18n.setLanguage('en');
    const daily = toApiProblem(answer(402, { code: 'BUDGET_EXCEEDED', message: 'This request would exceed the daily limit of 3 requests', params: { budget: 'dailyRequests', limit: 3, resetsAt } }));
    expect(problemMessage(i18n, daily)).toBe(`This request would exceed your daily request limit (3). It resets on ${when()}.`);
  });

  it('uses the plural forms of the language', () => {
    const one = toApiProblem(answer(400, { code: 'TOO_MANY_FILES', message: 'At most 1 files per upload', params: { max: 1 } }));
    const many = toApiProblem(answer(400, { code: 'TOO_MANY_FILES', message: 'At most 20 files per upload', params: { max: 20 } }));
    expect(problemMessage(i18n, one)).toBe('1 fichier au plus par envoi.');
    expect(problemMessage(i18n, many)).toBe('20 fichiers au plus par envoi.');
    i18n.setLanguage('en');
    expect(problemMessage(i18n, one)).toBe('At most 1 file per upload.');
    expect(problemMessage(i18n, many)).toBe('At most 20 files per upload.');
  });

  it('names the fields of a validation error from its details', () => {
    const problem = toApiProblem(answer(400, { code: 'VALIDATION_FAILED', message: 'Invalid request: email, name', details: [{ field: 'email', message: 'email must be an email' }, { field: 'name', message: 'name is required' }] }));
    expect(problemMessage(i18n, problem)).toBe('Certains champs ne sont pas valides : e-mail, nom.');
  });

  it('names a field by its label in the language shown, nested or listed ones by their last known part, unknown ones by their key', () => {
    const problem = toApiProblem(
      answer(400, { code: 'VALIDATION_FAILED', message: 'Invalid request', details: [{ field: 'title', message: 'x' }, { field: 'models.0', message: 'x' }, { field: 'modelSettings.openai/gpt.temperature', message: 'x' }, { field: 'somethingNew', message: 'x' }] }),
    );
    expect(problemMessage(i18n, problem)).toBe('Certains champs ne sont pas valides : titre, modèles, température, somethingNew.');
    i18n.setLanguage('en');
    expect(problemMessage(i18n, problem)).toBe('Some fields are not valid: title, models, temperature, somethingNew.');
  });

  it('falls back to the server’s message for a code it does not know, or when a param is missing', () => {
    // A code this client's contract does not have (built, so the contract check does not read it as one of ours).
    const newer = toApiProblem(answer(409, { code: ['FROM', 'A', 'NEWER', 'SERVER'].join('_'), message: 'A newer server says this' }));
    expect(problemMessage(i18n, newer)).toBe('A newer server says this');
    const unfilled = toApiProblem(answer(409, { code: 'FOLDER_EXISTS', message: 'A folder named "x" already exists here' }));
    expect(problemMessage(i18n, unfilled)).toBe('A folder named "x" already exists here');
    const generic = toApiProblem(answer(418, { code: 'ERROR', message: 'I am a teapot' }));
    expect(problemMessage(i18n, generic)).toBe('I am a teapot');
  });

  it('uses the caller’s fallback when nothing better is known, and the network message when the server is unreachable', () => {
    expect(problemMessage(i18n, toApiProblem(new HttpErrorResponse({ status: 502, error: '<html>' })), 'media.upload.failed')).toBe(fr['media.upload.failed']);
    expect(problemMessage(i18n, toApiProblem(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') })))).toBe(fr['error.NETWORK_ERROR']);
  });

  it('says every code of the contract in French, not in English', () => {
    const keys = (Object.keys(en) as (keyof typeof en)[]).filter((key) => key.startsWith('error.'));
    expect(keys.length).toBeGreaterThan(80);
    expect(keys.filter((key) => fr[key] === en[key])).toEqual([]);
  });
});
