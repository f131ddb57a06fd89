import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { I18nService } from './i18n.service';
import { languageInterceptor } from './language.interceptor';

describe('languageInterceptor', () => {
  beforeEach(() => {
    localStorage.setItem('webox.language', 'fr');
    TestBed.configureTestingModule({ providers: [provideHttpClient(withInterceptors([languageInterceptor])), provideHttpClientTesting()] });
  });

  it('sends the language chosen in the app, and follows a switch', () => {
    const http = TestBed.inject(HttpClient);
    const backend = TestBed.inject(HttpTestingController);
    http.get('/api/chat/models').subscribe();
    expect(backend.expectOne('/api/chat/models').request.headers.get('Accept-Language')).toBe('fr');
    TestBed.inject(I18nService).setLanguage('en');
    http.get('/api/chat/models').subscribe();
    expect(backend.expectOne('/api/chat/models').request.headers.get('Accept-Language')).toBe('en');
    backend.verify();
  });
});
