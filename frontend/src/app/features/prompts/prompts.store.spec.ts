import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { PromptDto } from '../../api/models';
import { PromptsStore } from './prompts.store';

function prompt(id: string, options: Partial<PromptDto> = {}): PromptDto {
  return { id, title: id, body: 'Hi {{name}}', category: 'writing', tags: [], variables: [{ name: 'name' }], favorite: false, mine: true, builtIn: false, visibility: 'private', useCount: 0, createdAt: '', updatedAt: '', ...options };
}

describe('PromptsStore', () => {
  let http: HttpTestingController;
  let store: PromptsStore;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), PromptsStore] });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(PromptsStore);
  });

  afterEach(() => http.verify());

  it('sends the filters as query parameters and keeps only the latest answer', () => {
    store.load();
    const first = http.expectOne((request) => request.url === '/api/prompts');
    expect(first.request.params.get('scope')).toBe('all');
    store.setFilters({ q: ' email ', category: 'sales', tag: 'Outreach', favorites: true, scope: 'mine', sort: 'popular' });
    const second = http.expectOne((request) => request.url === '/api/prompts');
    const params = second.request.params;
    expect([params.get('q'), params.get('category'), params.get('tag'), params.get('favorites'), params.get('scope'), params.get('sort')]).toEqual(['email', 'sales', 'outreach', 'true', 'mine', 'popular']);
    second.flush({ items: [prompt('new')], total: 1, page: 1, limit: 50 });
    first.flush({ items: [prompt('stale')], total: 1, page: 1, limit: 50 });
    expect(store.prompts().map((p) => p.id)).toEqual(['new']);
    expect(store.state()).toBe('ready');
  });

  it('stars at once and puts the star back when the call fails', () => {
    store.prompts.set([prompt('a')]);
    store.toggleFavorite(store.prompts()[0]!);
    expect(store.prompts()[0]!.favorite).toBe(true);
    http.expectOne({ method: 'POST', url: '/api/prompts/a/favorite' }).flush({ message: 'no' }, { status: 500, statusText: 'Error' });
    expect(store.prompts()[0]!.favorite).toBe(false);
  });

  it('counts a use with the number the server returns', () => {
    store.prompts.set([prompt('a')]);
    let text = '';
    store.use('a', { name: 'Ada' }).subscribe((rendered) => (text = rendered.text));
    const request = http.expectOne({ method: 'POST', url: '/api/prompts/a/use' });
    expect(request.request.body).toEqual({ variables: { name: 'Ada' } });
    request.flush({ text: 'Hi Ada', useCount: 3 });
    expect(text).toBe('Hi Ada');
    expect(store.prompts()[0]!.useCount).toBe(3);
  });
});
