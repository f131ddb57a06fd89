import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ChatModelDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import { ModelPicker } from './model-picker';

function model(provider: ChatModelDto['provider'], name: string, options: Partial<ChatModelDto> = {}): ChatModelDto {
  const slug = name.toLowerCase().replace(/\s+/g, '-');
  const labels: Record<ChatModelDto['provider'], string> = { openai: 'OpenAI', anthropic: 'Anthropic', google: 'Google', 'openai-compatible': 'OpenAI-compatible', local: 'Webox (offline)' };
  return {
    id: `${provider}/${slug}`,
    provider,
    providerLabel: labels[provider],
    name,
    contextTokens: 128_000,
    inputPricePerMTok: 1,
    outputPricePerMTok: 2,
    offline: false,
    vision: false,
    available: true,
    sampling: 'both',
    workspaceDefault: false,
    ...options,
  };
}

// 13 usable models, 2 without a key, and the offline one.
const CATALOGUE: ChatModelDto[] = [
  ...Array.from({ length: 7 }, (_, i) => model('openai', `GPT ${i + 1}`)),
  ...Array.from({ length: 6 }, (_, i) => model('anthropic', `Claude ${i + 1}`)),
  model('google', 'Gemini Pro', { available: false, unavailableReason: 'No Google API key: add one in your profile' }),
  model('google', 'Gemini Flash', { available: false, unavailableReason: 'No Google API key: add one in your profile' }),
  model('local', 'Webox mini', { id: 'local/webox-mini', offline: true, inputPricePerMTok: 0, outputPricePerMTok: 0 }),
];

describe('ModelPicker', () => {
  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
  });
  afterEach(() => localStorage.clear());

  async function render(selected: string[], favorites: string[] = [], models: ChatModelDto[] = CATALOGUE) {
    const fixture = TestBed.createComponent(ModelPicker);
    fixture.componentRef.setInput('models', models);
    fixture.componentRef.setInput('selected', selected);
    fixture.componentRef.setInput('favorites', favorites);
    const changes: string[][] = [];
    fixture.componentInstance.selectedChange.subscribe((ids) => {
      changes.push(ids);
      fixture.componentRef.setInput('selected', ids);
    });
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const checkbox = (id: string) => element.querySelector<HTMLInputElement>(`[data-model="${id}"] input[type="checkbox"]`)!;
    const click = async (id: string) => {
      checkbox(id).click();
      await fixture.whenStable();
    };
    return { fixture, element, changes, checkbox, click };
  }

  const order = (element: HTMLElement, section: string) => Array.from(element.querySelectorAll(`[data-section="${section}"] [data-model]`)).map((node) => node.getAttribute('data-model'));

  it('lists the usable models first, then the others, with their provider and prices, and labels the offline one', async () => {
    const picker = await render(['local/webox-mini']);
    const headings = Array.from(picker.element.querySelectorAll('h3')).map((heading) => heading.textContent?.trim());
    expect(headings).toEqual(['Ready to use', 'Not available yet']);
    expect(order(picker.element, 'usable')).toEqual(CATALOGUE.filter((m) => m.available).map((m) => m.id));
    expect(order(picker.element, 'unusable')).toEqual(['google/gemini-pro', 'google/gemini-flash']);
    expect(picker.element.querySelector('[data-model="openai/gpt-1"]')!.closest('.model')!.textContent).toContain('OpenAI');
    const offline = picker.element.querySelector('[data-model="local/webox-mini"]')!.closest('.model')!;
    expect(offline.textContent).toContain('offline');
    expect(offline.textContent).toContain('Free');
    expect(picker.element.querySelector('[data-model="openai/gpt-1"]')!.closest('.model')!.textContent).toContain('$1 in · $2 out per 1M tokens');
    expect(picker.element.querySelector('[data-testid="model-count"]')?.textContent?.trim()).toBe('1/12');
  });

  it('puts the favorites at the top, in the user’s order, and toggles one with its star', async () => {
    const picker = await render(['openai/gpt-1'], ['local/webox-mini', 'anthropic/claude-2', 'google/gemini-pro']);
    expect(order(picker.element, 'usable').slice(0, 3)).toEqual(['local/webox-mini', 'anthropic/claude-2', 'openai/gpt-1']);
    // A favorite without a key stays with the unusable ones.
    expect(order(picker.element, 'unusable')).toEqual(['google/gemini-pro', 'google/gemini-flash']);
    expect(picker.element.querySelector('[data-favorite="anthropic/claude-2"]')?.getAttribute('aria-pressed')).toBe('true');

    const toggled: string[] = [];
    picker.fixture.componentInstance.favoriteToggle.subscribe((id) => toggled.push(id));
    picker.element.querySelector<HTMLButtonElement>('[data-favorite="openai/gpt-3"]')!.click();
    expect(toggled).toEqual(['openai/gpt-3']);
  });

  it('the one usable model of a catalogue of disabled ones comes first', async () => {
    const catalogue = [...Array.from({ length: 23 }, (_, i) => model('openai', `GPT ${i + 1}`, { available: false, unavailableReason: 'No OpenAI API key' })), CATALOGUE.at(-1)!];
    const picker = await render(['local/webox-mini'], [], catalogue);
    expect(picker.element.querySelector('[data-model]')?.getAttribute('data-model')).toBe('local/webox-mini');
    expect(picker.element.querySelectorAll('[data-testid="model-reason"]')).toHaveLength(23);
  });

  it('says why a model cannot be used from its code, in the language shown (not the server’s sentence)', async () => {
    const coded = [model('google', 'Gemini Pro', { available: false, unavailableCode: 'PROVIDER_MISSING_CREDENTIALS', unavailableReason: 'No Google API key: add one in your profile' }), CATALOGUE.at(-1)!];
    const i18n = TestBed.inject(I18nService);
    i18n.setLanguage('fr');
    await i18n.ready();
    const picker = await render(['local/webox-mini'], [], coded);
    expect(picker.element.querySelector('[data-testid="model-reason"]')!.textContent!.trim()).toBe('Aucune clé d’API pour Google : ajoutez-en une dans votre profil.');
  });

  it('disables the models without a key, says why beside each, and links to the profile', async () => {
    const picker = await render(['openai/gpt-1']);
    expect(picker.checkbox('google/gemini-pro').disabled).toBe(true);
    expect(picker.checkbox('google/gemini-flash').disabled).toBe(true);
    const unusable = picker.element.querySelector('[data-section="unusable"]')!;
    expect(picker.element.querySelector('[data-model="google/gemini-pro"]')!.closest('.model')!.textContent).toContain('No Google API key: add one in your profile');
    expect(unusable.querySelector('a')?.getAttribute('href')).toBe('/profile');

    await picker.click('google/gemini-pro');
    expect(picker.changes).toEqual([]);
  });

  it('says a model an administrator turned off is disabled, without pointing to the profile for it', async () => {
    const off = model('openai', 'GPT 9', { available: false, unavailableCode: 'MODEL_DISABLED', unavailableReason: 'Disabled by an administrator' });
    const picker = await render(['openai/gpt-1'], [], [model('openai', 'GPT 1'), off]);
    expect(picker.checkbox('openai/gpt-9').disabled).toBe(true);
    expect(picker.element.querySelector('[data-model="openai/gpt-9"]')!.closest('.model')!.textContent).toContain('This model is disabled by an administrator.');
    expect(picker.element.querySelector('[data-section="unusable"] a')).toBeNull();
  });

  it('adds and removes models, but never removes the last one', async () => {
    const picker = await render(['openai/gpt-1']);
    expect(picker.checkbox('openai/gpt-1').disabled).toBe(true);

    await picker.click('anthropic/claude-1');
    expect(picker.changes.at(-1)).toEqual(['openai/gpt-1', 'anthropic/claude-1']);
    expect(picker.checkbox('openai/gpt-1').disabled).toBe(false);

    await picker.click('openai/gpt-1');
    expect(picker.changes.at(-1)).toEqual(['anthropic/claude-1']);
    expect(picker.checkbox('anthropic/claude-1').disabled).toBe(true);
    expect(picker.checkbox('anthropic/claude-1').checked).toBe(true);
  });

  it('stops at twelve models: the others are disabled until one is removed', async () => {
    const twelve = CATALOGUE.filter((m) => m.available && !m.offline)
      .slice(0, 12)
      .map((m) => m.id);
    const picker = await render(twelve);
    expect(picker.element.querySelector('[data-testid="model-count"]')?.textContent?.trim()).toBe('12/12');
    expect(picker.checkbox('anthropic/claude-6').disabled).toBe(true);
    expect(picker.checkbox('local/webox-mini').disabled).toBe(true);
    await picker.click('local/webox-mini');
    expect(picker.changes).toEqual([]);

    await picker.click('openai/gpt-1');
    expect(picker.changes.at(-1)).toHaveLength(11);
    expect(picker.checkbox('local/webox-mini').disabled).toBe(false);
    await picker.click('local/webox-mini');
    expect(picker.changes.at(-1)).toHaveLength(12);
    expect(picker.changes.at(-1)).toContain('local/webox-mini');
  });

  it('lets a selected model that lost its key be removed', async () => {
    const picker = await render(['google/gemini-pro', 'openai/gpt-1']);
    expect(picker.checkbox('google/gemini-pro').disabled).toBe(false);
    await picker.click('google/gemini-pro');
    expect(picker.changes.at(-1)).toEqual(['openai/gpt-1']);
    expect(picker.checkbox('google/gemini-pro').disabled).toBe(true);
  });

  it('filters the list as you type', async () => {
    const picker = await render(['openai/gpt-1']);
    const filter = picker.element.querySelector<HTMLInputElement>('input[type="search"]')!;
    filter.value = 'claude 3';
    filter.dispatchEvent(new Event('input'));
    await picker.fixture.whenStable();
    const shown = Array.from(picker.element.querySelectorAll('[data-model]')).map((node) => node.getAttribute('data-model'));
    expect(shown).toEqual(['anthropic/claude-3']);
  });
});
