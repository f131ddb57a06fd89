import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { CatalogToolDto } from '../../api/models';
import CatalogPage, { CATALOG_SEARCH_DEBOUNCE_MS } from './catalog.page';
import { CatalogStore } from './catalog.store';
import { tryInWebox } from './catalog-links';

function tool(slug: string, options: Partial<CatalogToolDto> = {}): CatalogToolDto {
  return {
    id: `id-${slug}`,
    slug,
    name: slug,
    vendor: 'Vendor',
    category: 'text',
    description: `${slug} does things.`,
    website: `https://${slug}.example`,
    source: `https://${slug}.example/pricing`,
    checkedOn: '2026-12-06',
    pricing: 'freemium',
    entryPriceUsd: 20,
    pricingNote: '',
    publicApi: true,
    favorite: false,
    builtIn: true,
    rating: { average: null, count: 0 },
    webox: null,
    ...options,
  };
}

const CLAUDE = tool('claude', { name: 'Claude', webox: { page: 'chat', models: ['anthropic/claude-opus-5', 'anthropic/claude-sonnet-5'] }, rating: { average: 4.5, count: 2 } });
const MIDJOURNEY = tool('midjourney', { name: 'Midjourney', category: 'image', publicApi: false, entryPriceUsd: null, pricing: 'subscription', pricingNote: 'From $10/month.' });

describe('CatalogPage', () => {
  let http: HttpTestingController;
  let navigate: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration(''), CatalogStore] });
    http = TestBed.inject(HttpTestingController);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
    localStorage.clear();
  });

  const listRequest = (): TestRequest => http.expectOne((request) => request.url === '/api/catalog/tools');
  const page = (items: CatalogToolDto[], total = items.length) => ({ items, total, page: 1, limit: 24 });

  function render() {
    const fixture = TestBed.createComponent(CatalogPage);
    fixture.detectChanges();
    const first = listRequest();
    expect(first.request.params.keys()).toEqual(['page', 'limit']);
    first.flush(page([CLAUDE, MIDJOURNEY], 30));
    http.expectOne('/api/catalog/categories').flush([
      { category: 'text', count: 20 },
      { category: 'image', count: 10 },
    ]);
    fixture.detectChanges();
    const element: HTMLElement = fixture.nativeElement;
    return { fixture, element };
  }

  const cards = (element: HTMLElement) => Array.from(element.querySelectorAll<HTMLElement>('[data-testid="catalog-card"]'));

  it('shows a card per tool with its facts, the category chips with counts, and the total', () => {
    const { element } = render();
    expect(cards(element).map((card) => card.dataset['slug'])).toEqual(['claude', 'midjourney']);
    const claude = cards(element)[0]!;
    expect(claude.textContent).toContain('Freemium · from $20/month');
    expect(claude.textContent).toContain('4.5 (2 reviews)');
    expect(claude.querySelector('[data-testid="catalog-in-webox"]')).not.toBeNull();
    expect(claude.querySelector('[data-testid="catalog-try"]')).not.toBeNull();
    const website = claude.querySelector<HTMLAnchorElement>('[data-testid="catalog-website"]')!;
    expect([website.href, website.target, website.rel]).toEqual(['https://claude.example/', '_blank', 'noopener noreferrer']);
    const midjourney = cards(element)[1]!;
    expect(midjourney.textContent).toContain('Subscription · From $10/month.');
    expect(midjourney.textContent).toContain('No review yet');
    expect(midjourney.querySelector('[data-testid="catalog-try"]')).toBeNull();
    expect(Array.from(element.querySelectorAll('[data-testid="catalog-chip"]')).map((chip) => chip.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['Text 20', 'Image 10']);
    expect(element.querySelector('[data-testid="catalog-count"]')?.textContent).toContain('30 tools');
    expect(element.querySelector('[data-testid="catalog-more"]')).not.toBeNull();
  });

  it('searches once the typing pauses, with relevance, and filters by chip and toggles', () => {
    const { fixture, element } = render();
    const input = element.querySelector<HTMLInputElement>('[data-testid="catalog-search"]')!;
    for (const value of ['m', 'mid', 'midjorney']) {
      input.value = value;
      input.dispatchEvent(new Event('input'));
      vi.advanceTimersByTime(CATALOG_SEARCH_DEBOUNCE_MS - 50);
    }
    http.expectNone((request) => request.url === '/api/catalog/tools');
    vi.advanceTimersByTime(50);
    const search = listRequest();
    expect(search.request.params.get('search')).toBe('midjorney');
    expect(search.request.params.get('sort')).toBe('relevance');
    search.flush(page([MIDJOURNEY]));
    fixture.detectChanges();
    expect(cards(element).map((card) => card.dataset['slug'])).toEqual(['midjourney']);

    element.querySelector<HTMLButtonElement>('[data-testid="catalog-chip"][data-category="image"]')!.click();
    const byCategory = listRequest();
    expect(byCategory.request.params.get('category')).toBe('image');
    expect(byCategory.request.params.get('search')).toBe('midjorney');
    byCategory.flush(page([MIDJOURNEY]));
    fixture.detectChanges();
    expect(element.querySelector('[data-category="image"]')?.getAttribute('aria-pressed')).toBe('true');

    element.querySelector<HTMLButtonElement>('[data-testid="catalog-chip-all"]')!.click();
    const all = listRequest();
    expect(all.request.params.has('category')).toBe(false);
    all.flush(page([]));
    fixture.detectChanges();
    expect(element.querySelector('[data-testid="catalog-empty"]')?.textContent).toContain('No tool matches these filters.');

    TestBed.inject(CatalogStore).setFilters({ favorites: true, integrated: true, search: '' });
    const toggled = listRequest();
    expect(toggled.request.params.get('favorites')).toBe('true');
    expect(toggled.request.params.get('integrated')).toBe('true');
    expect(toggled.request.params.has('sort')).toBe(false);
    toggled.flush(page([]));
  });

  it('toggles a favourite at once, keeps the server’s answer, and puts it back when the call fails', () => {
    const { fixture, element } = render();
    const heart = () => cards(element)[0]!.querySelector<HTMLButtonElement>('[data-testid="catalog-favorite"]')!;
    heart().click();
    fixture.detectChanges();
    expect(heart().getAttribute('aria-pressed')).toBe('true');
    http.expectOne({ method: 'POST', url: '/api/catalog/tools/id-claude/favorite' }).flush({ favorite: true });
    fixture.detectChanges();
    expect(heart().getAttribute('aria-pressed')).toBe('true');

    heart().click();
    http.expectOne({ method: 'POST', url: '/api/catalog/tools/id-claude/favorite' }).flush({ statusCode: 500, code: 'ERROR', message: 'Internal' }, { status: 500, statusText: 'Error' });
    fixture.detectChanges();
    expect(heart().getAttribute('aria-pressed')).toBe('true');
  });

  it('"Try in Webox" opens the page that uses the tool with its first model', () => {
    const { element } = render();
    cards(element)[0]!.querySelector<HTMLButtonElement>('[data-testid="catalog-try"]')!.click();
    expect(navigate).toHaveBeenCalledWith(['/chat'], { queryParams: { model: 'anthropic/claude-opus-5' } });
  });

  it('sends each kind of integration to its page', () => {
    const link = (page: NonNullable<CatalogToolDto['webox']>['page']) => tryInWebox(tool('x', { webox: { page, models: ['p/m', 'p/n'] } }));
    expect(link('chat')).toEqual({ path: '/chat', queryParams: { model: 'p/m' } });
    expect(link('image')?.path).toBe('/generation/images');
    expect(link('speech')?.path).toBe('/generation/audio');
    expect(link('music')?.path).toBe('/generation/audio');
    expect(link('video')?.path).toBe('/generation/videos');
    expect(tryInWebox(tool('x'))).toBeNull();
    expect(tryInWebox(tool('x', { webox: { page: 'chat', models: [] } }))).toBeNull();
  });
});
