import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { I18nService } from '../../core/i18n/i18n.service';
import { NotAvailablePage } from './not-available.page';

describe('NotAvailablePage', () => {
  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
  });

  afterEach(() => localStorage.clear());

  async function render(title: 'area.chat.title' | 'area.media.title', description: 'area.chat.description' | 'area.media.description') {
    const fixture = TestBed.createComponent(NotAvailablePage);
    fixture.componentRef.setInput('title', title);
    fixture.componentRef.setInput('description', description);
    await fixture.whenStable();
    return fixture;
  }

  it("shows the area's title, what it will do, and that it is not available yet", async () => {
    const fixture = await render('area.chat.title', 'area.chat.description');
    const element: HTMLElement = fixture.nativeElement;

    expect(element.querySelector('h1')?.textContent?.trim()).toBe('Multi-AI chat');
    expect(element.querySelector('[data-testid="area-description"]')?.textContent?.trim()).toBe(
      'Chat with up to twelve AI models at once and compare their answers side by side.',
    );
    expect(element.textContent).toContain('Not available yet');
  });

  it('offers no action other than going back home', async () => {
    const fixture = await render('area.media.title', 'area.media.description');
    const element: HTMLElement = fixture.nativeElement;

    expect(element.querySelectorAll('button')).toHaveLength(0);
    const links = element.querySelectorAll('a');
    expect(links).toHaveLength(1);
    expect(links[0].getAttribute('href')).toBe('/');
  });

  it('follows a language change without being recreated', async () => {
    const fixture = await render('area.media.title', 'area.media.description');
    TestBed.inject(I18nService).setLanguage('fr');
    await fixture.whenStable();

    const element: HTMLElement = fixture.nativeElement;
    expect(element.querySelector('h1')?.textContent?.trim()).toBe('Gestionnaire média');
    expect(element.textContent).toContain('Pas encore disponible');
  });
});
