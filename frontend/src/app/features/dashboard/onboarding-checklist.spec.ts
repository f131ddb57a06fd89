import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { OnboardingDto } from '../../api/models';
import { OnboardingChecklist } from './onboarding-checklist';

const CHECKLIST: OnboardingDto = {
  steps: [
    { id: 'offline-chat', done: true },
    { id: 'api-key', done: false },
    { id: 'document', done: false },
    { id: 'agent', done: false },
  ],
  complete: false,
  dismissed: false,
};

describe('OnboardingChecklist', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration('')] });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  async function render(answer: OnboardingDto) {
    const fixture = TestBed.createComponent(OnboardingChecklist);
    await fixture.whenStable();
    http.expectOne('/api/profile/onboarding').flush(answer);
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  it('ticks the steps the server found done, and links to the others', async () => {
    const { element } = await render(CHECKLIST);
    const steps = Array.from(element.querySelectorAll('[data-testid="onboarding-step"]'));
    expect(steps.map((step) => [step.getAttribute('data-step'), step.getAttribute('data-done')])).toEqual([
      ['offline-chat', 'true'],
      ['api-key', 'false'],
      ['document', 'false'],
      ['agent', 'false'],
    ]);
    expect(element.querySelector('[data-testid="onboarding-progress"]')!.textContent!.trim()).toBe('1 of 4 done');
    expect(steps[0]!.querySelector('a')).toBeNull();
    expect(steps[1]!.querySelector('a')!.getAttribute('href')).toBe('/profile');
  });

  it('is put away at once when dismissed, and tells the server', async () => {
    const { fixture, element } = await render(CHECKLIST);
    element.querySelector<HTMLButtonElement>('[data-testid="onboarding-dismiss"]')!.click();
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="onboarding"]')).toBeNull();
    http.expectOne((req) => req.method === 'POST' && req.url === '/api/profile/onboarding/dismiss').flush(null);
  });

  it('shows nothing once dismissed or complete', async () => {
    expect((await render({ ...CHECKLIST, dismissed: true })).element.querySelector('[data-testid="onboarding"]')).toBeNull();
    expect((await render({ ...CHECKLIST, complete: true })).element.querySelector('[data-testid="onboarding"]')).toBeNull();
  });
});
