import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { ArticleSummaryDto, UserDto } from '../../api/models';
import { SessionStore } from '../../core/auth/session.store';
import BlogPage from './blog.page';
import { BlogStore } from './blog.store';

function article(slug: string, options: Partial<ArticleSummaryDto> = {}): ArticleSummaryDto {
  return {
    id: `id-${slug}`,
    slug,
    title: `Title of ${slug}`,
    excerpt: `About ${slug}.`,
    coverMediaId: null,
    coverUrl: null,
    category: 'Science',
    tags: [],
    language: 'en',
    status: 'published',
    publishedAt: '2026-12-06T10:00:00.000Z',
    readingMinutes: 3,
    author: { id: 'u1', name: 'Ada' },
    publicUrl: `/blog/${slug}`,
    canEdit: false,
    createdAt: '2026-12-06T10:00:00.000Z',
    updatedAt: '2026-12-06T10:00:00.000Z',
    ...options,
  };
}

const user = (role: UserDto['role']): UserDto => ({ id: 'u1', email: 'ada@example.com', name: 'Ada', role, status: 'active', language: 'en', theme: 'system', defaultChatModel: null, favoriteModels: [], createdAt: '2026-11-26T00:00:00.000Z' });

describe('BlogPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration(''), BlogStore] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function render(role: UserDto['role'], items: ArticleSummaryDto[]): Promise<HTMLElement> {
    TestBed.inject(SessionStore).setUser(user(role));
    const fixture = TestBed.createComponent(BlogPage);
    fixture.detectChanges();
    http.expectOne((request) => request.url === '/api/blog/articles').flush({ items, total: items.length, page: 1, limit: 12 });
    http.expectOne('/api/blog/categories').flush([{ category: 'Science', count: items.length }]);
    await fixture.whenStable();
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('lists the articles with their category chips, status and reading time', async () => {
    const page = await render('user', [article('tides'), article('my-draft', { status: 'draft', publishedAt: null, canEdit: true })]);
    const cards = page.querySelectorAll('[data-testid="blog-card"]');
    expect(cards.length).toBe(2);
    expect(cards[0]!.textContent).toContain('Title of tides');
    expect(cards[0]!.textContent).toContain('3 min read');
    expect(cards[1]!.querySelector('[data-testid="blog-card-status"]')!.textContent!.trim()).toBe('Draft');
    expect(cards[0]!.querySelector('[data-testid="blog-card-edit"]')).toBeNull();
    expect(cards[1]!.querySelector('[data-testid="blog-card-edit"]')).not.toBeNull();
    expect(page.querySelector('[data-testid="blog-chip"]')!.textContent).toContain('Science');
    expect(page.querySelector('[data-testid="blog-count"]')!.textContent).toContain('2 articles');
  });

  it('offers "Write an article" to editors and admins only', async () => {
    expect((await render('user', [])).querySelector('[data-testid="blog-write"]')).toBeNull();
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration(''), BlogStore] });
    http = TestBed.inject(HttpTestingController);
    expect((await render('editor', [])).querySelector('[data-testid="blog-write"]')).not.toBeNull();
  });
});
