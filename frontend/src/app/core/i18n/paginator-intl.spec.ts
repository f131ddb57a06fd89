import { TestBed } from '@angular/core/testing';
import { I18nService, PRELOADED_DICTIONARIES } from './i18n.service';
import { en } from './messages.en';
import { fr } from './messages.fr';
import { I18nPaginatorIntl } from './paginator-intl';

describe('I18nPaginatorIntl', () => {
  beforeEach(() => {
    localStorage.setItem('webox.language', 'fr');
    TestBed.configureTestingModule({ providers: [I18nPaginatorIntl, { provide: PRELOADED_DICTIONARIES, useValue: { en, fr } }] });
  });
  afterEach(() => localStorage.clear());

  it('labels the paginator in the language shown, and follows a switch', () => {
    const intl = TestBed.inject(I18nPaginatorIntl);
    TestBed.tick();
    expect(intl.nextPageLabel).toBe('Page suivante');
    expect(intl.itemsPerPageLabel).toBe('Éléments par page :');
    expect(intl.getRangeLabel(1, 10, 1234)).toBe(`11 – 20 sur ${new Intl.NumberFormat('fr').format(1234)}`);
    expect(intl.getRangeLabel(0, 10, 0)).toBe('0 sur 0');

    let told = 0;
    intl.changes.subscribe(() => told++);
    TestBed.inject(I18nService).setLanguage('en');
    TestBed.tick();
    expect(intl.nextPageLabel).toBe('Next page');
    expect(intl.getRangeLabel(4, 10, 45)).toBe('41 – 45 of 45');
    expect(told).toBeGreaterThan(0);
  });
});
