import { Injectable, inject, signal } from '@angular/core';
import { Observable, tap } from 'rxjs';
import type { ImportResultDto, PromptCategoryCountDto, PromptDto, PromptExportDto, PromptInputDto, RenderedPromptDto } from '../../api/models';
import type { ListPrompts$Params } from '../../api/fn/prompts/list-prompts';
import { PromptsService } from '../../api/services';

export type PromptCategory = PromptDto['category'];
export type PromptScope = NonNullable<ListPrompts$Params['scope']>;
export type PromptSort = NonNullable<ListPrompts$Params['sort']>;

export const PROMPT_CATEGORIES: readonly PromptCategory[] = ['writing', 'marketing', 'sales', 'development', 'business', 'education', 'productivity', 'research', 'support', 'hr', 'legal', 'finance', 'creative', 'personal'];
export const PROMPTS_PAGE_SIZE = 50;

export interface PromptFilters {
  q: string;
  category: PromptCategory | null;
  tag: string;
  favorites: boolean;
  scope: PromptScope;
  sort: PromptSort;
}

export const DEFAULT_FILTERS: PromptFilters = { q: '', category: null, tag: '', favorites: false, scope: 'all', sort: 'recent' };

/** The prompt library's state over the generated client: the filtered list, the categories, and the actions. */
@Injectable()
export class PromptsStore {
  private readonly api = inject(PromptsService);

  readonly filters = signal<PromptFilters>(DEFAULT_FILTERS);
  readonly prompts = signal<PromptDto[]>([]);
  readonly total = signal(0);
  readonly state = signal<'loading' | 'ready' | 'failed'>('loading');
  readonly categories = signal<PromptCategoryCountDto[]>([]);
  private request = 0;

  /** Changes some filters and reloads the list. */
  setFilters(changes: Partial<PromptFilters>): void {
    this.filters.update((filters) => ({ ...filters, ...changes }));
    this.load();
  }

  load(): void {
    const filters = this.filters();
    const params: ListPrompts$Params = { page: 1, limit: PROMPTS_PAGE_SIZE, scope: filters.scope, sort: filters.sort };
    if (filters.q.trim()) params.q = filters.q.trim();
    if (filters.category) params.category = filters.category;
    if (filters.tag.trim()) params.tag = filters.tag.trim().toLowerCase();
    if (filters.favorites) params.favorites = true;
    const request = ++this.request;
    this.state.set('loading');
    this.api.listPrompts(params).subscribe({
      next: (page) => {
        if (request !== this.request) return;
        this.prompts.set(page.items);
        this.total.set(page.total);
        this.state.set('ready');
      },
      error: () => {
        if (request === this.request) this.state.set('failed');
      },
    });
  }

  loadCategories(): void {
    this.api.listPromptCategories().subscribe({ next: (categories) => this.categories.set(categories), error: () => this.categories.set([]) });
  }

  get(id: string): Observable<PromptDto> {
    return this.api.getPrompt({ id });
  }

  create(body: PromptInputDto): Observable<PromptDto> {
    return this.api.createPrompt({ body });
  }

  update(id: string, body: PromptInputDto): Observable<PromptDto> {
    return this.api.updatePrompt({ id, body });
  }

  duplicate(id: string): Observable<PromptDto> {
    return this.api.duplicatePrompt({ id });
  }

  delete(id: string): Observable<void> {
    return this.api.deletePrompt({ id }).pipe(tap(() => this.removeLocally(id)));
  }

  /** Stars or unstars a prompt; the card changes at once and is put back if the call fails. */
  toggleFavorite(prompt: PromptDto): void {
    const favorite = !prompt.favorite;
    this.patchLocally(prompt.id, { favorite });
    const call = favorite ? this.api.favoritePrompt({ id: prompt.id }) : this.api.unfavoritePrompt({ id: prompt.id });
    call.subscribe({
      next: () => {
        if (!favorite && this.filters().favorites) this.removeLocally(prompt.id);
      },
      error: () => this.patchLocally(prompt.id, { favorite: prompt.favorite }),
    });
  }

  /** Renders the prompt on the server (which counts the use). */
  use(id: string, variables: Record<string, string>): Observable<RenderedPromptDto> {
    return this.api.usePrompt({ id, body: { variables } }).pipe(tap((rendered) => this.patchLocally(id, { useCount: rendered.useCount })));
  }

  importPrompts(prompts: PromptInputDto[]): Observable<ImportResultDto> {
    return this.api.importPrompts({ body: { prompts } }).pipe(
      tap(() => {
        this.load();
        this.loadCategories();
      }),
    );
  }

  exportPrompts(): Observable<PromptExportDto> {
    return this.api.exportPrompts();
  }

  private patchLocally(id: string, changes: Partial<PromptDto>): void {
    this.prompts.update((prompts) => prompts.map((prompt) => (prompt.id === id ? { ...prompt, ...changes } : prompt)));
  }

  private removeLocally(id: string): void {
    this.prompts.update((prompts) => prompts.filter((prompt) => prompt.id !== id));
    this.total.update((total) => Math.max(0, total - 1));
  }
}
