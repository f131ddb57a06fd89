import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { I18nService } from '../i18n/i18n.service';
import { toApiProblem } from './api-error';

/** A VALIDATION_FAILED answer as the server sends it: each detail with its English sentence, and its rule and values when it has them. */
function invalid(details: object[]): HttpErrorResponse {
  return new HttpErrorResponse({ status: 400, error: { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Invalid request', details } });
}

describe('field problems in the user’s language', () => {
  let i18n: I18nService;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'fr');
    i18n = TestBed.inject(I18nService);
  });

  it('says each rule in French with its values, numbers in the French locale', () => {
    const problem = toApiProblem(
      invalid([
        { field: 'title', message: 'title must be 1 to 120 characters', constraint: 'isLength', params: { min: 1, max: 120 } },
        { field: 'category', message: 'category must be one of writing, sales', constraint: 'isIn', params: { values: 'writing, sales' } },
        { field: 'maxTokens', message: 'maxTokens must not be greater than 16384', constraint: 'max', params: { max: 16384 } },
        { field: 'extra', message: 'property extra should not exist', constraint: 'whitelistValidation' },
      ]),
    );
    expect(problem.fieldErrors).toEqual({
      title: 'Doit contenir entre 1 et 120 caractères.',
      category: 'Doit être l’une de ces valeurs : writing, sales.',
      maxTokens: 'Doit être inférieur ou égal à 16\u202f384.',
      extra: 'Ce champ n’est pas accepté.',
    });
  });

  it('says the same rules in English when the user reads English', () => {
    i18n.setLanguage('en');
    const problem = toApiProblem(invalid([{ field: 'title', message: 'title must be 1 to 120 characters', constraint: 'isLength', params: { min: 1, max: 120 } }]));
    expect(problem.fieldErrors).toEqual({ title: 'Must be 1 to 120 characters long.' });
  });

  it('keeps the server’s sentence for a detail without a rule (a service’s own words, an older server)', () => {
    const problem = toApiProblem(invalid([{ field: 'models.0', message: 'x/unknown is not a model Webox knows' }]));
    expect(problem.fieldErrors).toEqual({ 'models.0': 'x/unknown is not a model Webox knows' });
  });

  it('never shows English in French for a rule it has no words for, or values missing: a generic sentence instead', () => {
    const problem = toApiProblem(
      invalid([
        { field: 'tags', message: 'each tag must be 1 to 30 letters, digits, spaces, _ or -', constraint: 'matches' },
        { field: 'name', message: 'name must be at least 1 character', constraint: 'isLength', params: { min: 1 } },
      ]),
    );
    expect(problem.fieldErrors).toEqual({ tags: 'Cette valeur n’est pas valide.', name: 'Cette valeur n’est pas valide.' });
    i18n.setLanguage('en');
    expect(toApiProblem(invalid([{ field: 'tags', message: 'each tag must be 1 to 30 letters, digits, spaces, _ or -', constraint: 'matches' }])).fieldErrors).toEqual({
      tags: 'each tag must be 1 to 30 letters, digits, spaces, _ or -',
    });
  });

  it('joins two problems of one field, saying a sentence once', () => {
    const problem = toApiProblem(
      invalid([
        { field: 'tags', message: 'tags must be an array', constraint: 'isArray' },
        { field: 'tags', message: 'tags must contain at most 10 elements', constraint: 'arrayMaxSize', params: { max: 10 } },
        { field: 'tags', message: 'tags must be an array (again)', constraint: 'isArray' },
      ]),
    );
    expect(problem.fieldErrors).toEqual({ tags: 'Doit être une liste. 10 éléments au maximum.' });
  });
});
