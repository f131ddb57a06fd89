import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { BarController, BarElement, CategoryScale, Legend, LinearScale, Tooltip } from 'chart.js';
import { provideCharts } from 'ng2-charts';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { ActivityDto, DashboardStatsDto, DashboardUsageDto, MonthStatsDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import { activityDetail, activityLabel, activityLink } from './activity-list';
import { costChartData } from './dashboard-charts';
import { monthChange } from '../../shared/figures/month-figures';
import DashboardPage from './dashboard.page';

const month = (fields: Partial<MonthStatsDto> = {}): MonthStatsDto => ({
  from: '2026-12-01T00:00:00.000Z',
  to: '2027-01-01T00:00:00.000Z',
  conversations: 0,
  messages: 0,
  tokens: 0,
  cost: 0,
  byProvider: [],
  generations: { image: 0, video: 0, audio: 0, ebook: 0, short: 0 },
  workflowRuns: 0,
  ...fields,
});

describe('monthChange', () => {
  it('says the change from last month as +x % / −x %, new, or nothing to compare', () => {
    expect(monthChange(15, 10, 'en-US')).toEqual({ text: '+50 %', direction: 'up' });
    expect(monthChange(6, 10, 'en-US')).toEqual({ text: '\u221240 %', direction: 'down' });
    expect(monthChange(10, 10, 'en-US')).toEqual({ text: '0 %', direction: 'flat' });
    expect(monthChange(3, 0, 'en-US')).toBe('new');
    expect(monthChange(0, 0, 'en-US')).toBeNull();
    expect(monthChange(2500, 1000, 'fr-FR')).toEqual({ text: '+150\u202f%', direction: 'up' });
  });
});

describe('costChartData', () => {
  it('stacks one dataset per provider, zero on the days it had nothing', () => {
    const usage: DashboardUsageDto = {
      from: '2026-12-05',
      to: '2026-12-07',
      providers: ['openai', 'local'],
      days: [
        { date: '2026-12-05', tokens: 10, cost: 0.5, byProvider: [{ provider: 'openai', tokens: 10, cost: 0.5 }] },
        { date: '2026-12-06', tokens: 0, cost: 0, byProvider: [] },
        { date: '2026-12-07', tokens: 30, cost: 0.25, byProvider: [{ provider: 'local', tokens: 20, cost: 0 }, { provider: 'openai', tokens: 10, cost: 0.25 }] },
      ],
    };
    const data = costChartData(usage, 'en-US');
    expect(data.labels).toEqual(['Dec 5', 'Dec 6', 'Dec 7']);
    expect(data.datasets.map((set) => [set.label, set.data])).toEqual([
      ['openai', [0.5, 0, 0.25]],
      ['local', [0, 0, 0]],
    ]);
  });
});

describe('activity', () => {
  beforeEach(() => localStorage.setItem('webox.language', 'en'));
  afterEach(() => localStorage.clear());

  it('translates known event names and says unknown ones generically', async () => {
    const i18n = TestBed.inject(I18nService);
    await i18n.ready();
    expect(activityLabel(i18n, 'chat.completed')).toBe('Chat reply received');
    expect(activityLabel(i18n, 'made-up.happened')).toBe('Event: made-up.happened');
    i18n.setLanguage('fr');
    await i18n.ready();
    expect(activityLabel(i18n, 'generation.completed')).toBe('Génération terminée');
    expect(activityLabel(i18n, 'made-up.happened')).toBe('Événement : made-up.happened');
  });

  it('takes a detail and a link from the summary alone', () => {
    const summary: ActivityDto['summary'] = { conversationId: 'c-1', title: 'Hello', turn: 1 };
    expect(activityDetail(summary)).toBe('Hello');
    expect(activityLink(summary)).toEqual(['/chat', 'c-1']);
    expect(activityDetail({ jobId: 'j', kind: 'image' })).toBe('image');
    expect(activityLink({ jobId: 'j' })).toBeNull();
  });
});

describe('DashboardPage', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration(''), provideCharts({ registerables: [BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip] })],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => localStorage.clear());

  it('shows the figures with their change, both charts, the activity, and guides a user without a key', async () => {
    const fixture = TestBed.createComponent(DashboardPage);
    await fixture.whenStable();
    const stats: DashboardStatsDto = {
      thisMonth: month({ conversations: 3, messages: 6, generations: { image: 2, video: 0, audio: 0, ebook: 0, short: 0 } }),
      lastMonth: month({ conversations: 4, messages: 0 }),
      storage: { usedBytes: 1024, quotaBytes: 1024 * 1024, fileCount: 1 },
    };
    http.expectOne('/api/dashboard/stats').flush(stats);
    http.expectOne((request) => request.url === '/api/dashboard/usage').flush({ from: '2026-12-07', to: '2026-12-07', providers: ['local'], days: [{ date: '2026-12-07', tokens: 12, cost: 0, byProvider: [{ provider: 'local', tokens: 12, cost: 0 }] }] });
    http.expectOne((request) => request.url === '/api/dashboard/activity').flush({ items: [{ id: 'a', name: 'chat.completed', occurredAt: '2026-12-07T10:00:00.000Z', summary: { conversationId: 'c-1', title: 'Hello' } }], total: 1, page: 1, limit: 8 });
    http.expectOne((request) => request.url === '/api/chat/history').flush({ items: [], total: 0, page: 1, limit: 5 });
    for (const request of http.match('/api/profile/onboarding')) request.flush({ steps: [{ id: 'api-key', done: false }], complete: false, dismissed: false });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const figure = (id: string) => Array.from(element.querySelectorAll(`[data-figure="${id}"] span`)).map((span) => span.textContent!.trim()).filter(Boolean);
    expect(figure('conversations')).toEqual(['Conversations', '3', '\u221225 %']);
    expect(figure('messages')).toEqual(['Messages', '6', 'New this month']);
    expect(figure('generations')).toEqual(['Generations', '2', 'New this month']);
    expect(figure('storage')).toEqual(['Storage used', '1 KB', 'of 1 MB']);
    expect(element.querySelectorAll('canvas').length).toBe(2);
    expect(element.querySelector('[data-testid="activity-item"]')!.textContent).toContain('Chat reply received');
    expect(element.querySelector('[data-testid="no-provider-key"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="conversations-empty"]')).not.toBeNull();
    expect(element.textContent).toContain('Nothing spent: the offline model is free.');
  });
});
