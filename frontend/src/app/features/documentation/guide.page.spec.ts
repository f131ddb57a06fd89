import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import { I18nService } from '../../core/i18n/i18n.service';
import type { GuidePageDto } from '../../api/models';
import { DocumentationStore } from './documentation.store';
import { guideRoute } from './guide-links';
import GuidePage from './guide.page';

const CHAT: GuidePageDto = {
  slug: 'chat',
  lang: 'en',
  title: 'Multi-model chat',
  tab: 'guides',
  order: 1,
  summary: 'Ask several models.',
  area: 'chat',
  markdown: '## Merge the answers\n\nSee [the API guide](./api-access.md), [an operation](./api.md#post-api-chat), [below](#presets) and [a site](https://example.com).\n\n<img src=x onerror="window.pwned=1">\n\n### Presets\n\nText.\n',
  headings: [
    { level: 2, text: 'Merge the answers', id: 'merge-the-answers' },
    { level: 3, text: 'Presets', id: 'presets' },
  ],
};

describe('guideRoute', () => {
  it('follows guides, the API tab and headings in the app, and leaves other links alone', () => {
    expect(guideRoute('./chat.md')).toEqual({ commands: ['/documentation', 'chat'] });
    expect(guideRoute('chat.md#merge-the-answers')).toEqual({ commands: ['/documentation', 'chat'], fragment: 'merge-the-answers' });
    expect(guideRoute('./api.md#post-api-chat')).toEqual({ commands: ['/documentation', 'api'], fragment: 'post-api-chat' });
    expect(guideRoute('#presets')).toEqual({ commands: [], fragment: 'presets' });
    for (const href of ['https://example.com/chat.md', '../secret.md', 'javascript:alert(1)', '/documentation/chat']) expect(guideRoute(href)).toBeNull();
  });
});

describe('GuidePage', () => {
  let http: HttpTestingController;
  let navigate: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration(''), DocumentationStore] });
    http = TestBed.inject(HttpTestingController);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
  });

  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  async function render(slug: string, lang = 'en') {
    const fixture = TestBed.createComponent(GuidePage);
    fixture.componentRef.setInput('slug', slug);
    fixture.detectChanges();
    const request = http.expectOne((req) => req.url === `/api/documentation/${slug}`);
    expect(request.request.params.get('lang')).toBe(lang);
    return { fixture, request, element: fixture.nativeElement as HTMLElement };
  }

  it('renders the guide sanitised, gives its headings their anchors, lists them, and lights its tab', async () => {
    const { fixture, request, element } = await render('chat');
    request.flush(CHAT);
    fixture.detectChanges();
    await fixture.whenStable();
    expect(element.querySelector('.guide-title')?.textContent).toBe('Multi-model chat');
    expect(element.querySelector('.guide-body h2')?.id).toBe('merge-the-answers');
    expect(element.querySelector('.guide-body h3')?.id).toBe('presets');
    expect(Array.from(element.querySelectorAll('[data-testid="documentation-toc"] a')).map((link) => link.textContent)).toEqual(['Merge the answers', 'Presets']);
    expect(element.querySelector('.guide-body img')).toBeNull();
    expect(element.innerHTML).not.toContain('onerror');
    expect(TestBed.inject(DocumentationStore).currentTab()).toBe('guides');
  });

  it('follows links to guides and to the API tab with the router, and leaves outside links to the browser', async () => {
    const { fixture, request, element } = await render('chat');
    request.flush(CHAT);
    fixture.detectChanges();
    await fixture.whenStable();
    const link = (text: string) => Array.from(element.querySelectorAll<HTMLAnchorElement>('.guide-body a')).find((a) => a.textContent === text)!;

    const guide = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
    link('the API guide').dispatchEvent(guide);
    expect(guide.defaultPrevented).toBe(true);
    expect(navigate).toHaveBeenLastCalledWith(['/documentation', 'api-access'], { fragment: undefined });

    link('an operation').dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
    expect(navigate).toHaveBeenLastCalledWith(['/documentation', 'api'], { fragment: 'post-api-chat' });

    const outside = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
    const site = link('a site');
    site.addEventListener('click', (event) => event.preventDefault()); // the test browser must not leave the page
    const calls = navigate.mock.calls.length;
    site.dispatchEvent(outside);
    expect(navigate.mock.calls.length).toBe(calls);
    expect(site.target).toBe('_blank');
  });

  it('asks for the guide in the language of the interface', async () => {
    localStorage.setItem('webox.language', 'fr');
    await TestBed.inject(I18nService).ready();
    const { fixture, request, element } = await render('chat', 'fr');
    request.flush({ ...CHAT, lang: 'fr', title: 'Chat multi-modèles' });
    fixture.detectChanges();
    expect(element.querySelector('.guide-title')?.textContent).toBe('Chat multi-modèles');
  });

  it('says so when the guide does not exist', async () => {
    const { fixture, request, element } = await render('nope');
    request.flush({ statusCode: 404, code: 'DOCUMENTATION_PAGE_NOT_FOUND', message: 'Guide "nope" not found' }, { status: 404, statusText: 'Not Found' });
    fixture.detectChanges();
    expect(element.querySelector('[data-testid="documentation-missing"]')?.textContent).toContain('No guide has this address.');
  });
});
