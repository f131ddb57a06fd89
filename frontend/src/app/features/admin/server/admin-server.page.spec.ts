import { registerLocaleData } from '@angular/common';
import { provideHttpClient } from '@angular/common/http';
import localeFr from '@angular/common/locales/fr';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideApiConfiguration } from '../../../api/api-configuration';
import type { HealthDto, JobQueueSummaryDto } from '../../../api/models';
import AdminServerPage from './admin-server.page';

registerLocaleData(localeFr);

const HEALTH: HealthDto = {
  status: 'ok',
  version: '1.2.3',
  role: 'all',
  database: { status: 'up', detail: 'embedded PGlite', runsOn: 'pglite' },
  redis: { status: 'disabled', detail: 'no REDIS_URL: in-process queue, single-instance realtime', runsOn: 'in-process' },
  queue: { driver: 'in-process', status: 'up' },
};
const SUMMARY: JobQueueSummaryDto = { driver: 'in-process', depth: 2, failed: 0, byName: [] };

describe('AdminServerPage', () => {
  let http: HttpTestingController;

  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  async function open(language: 'en' | 'fr') {
    localStorage.setItem('webox.language', language);
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration('')] });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(AdminServerPage);
    fixture.detectChanges();
    http.expectOne('/api/health/details').flush(HEALTH);
    http.expectOne('/api/admin/jobs/summary').flush(SUMMARY);
    http.expectOne((request) => request.url === '/api/admin/jobs').flush({ items: [], total: 0, page: 1, limit: 50 });
    await fixture.whenStable();
    fixture.detectChanges();
    return (fixture.nativeElement as HTMLElement).textContent ?? '';
  }

  it('says what the server runs on in the reader\'s language, not the server\'s English', async () => {
    const text = await open('fr');
    expect(text).toContain('PostgreSQL embarqué (PGlite)');
    expect(text).toContain('Pas de REDIS_URL');
    expect(text).toContain('API et exécuteur de tâches');
    expect(text).toContain('File (Dans ce processus) : 2 en attente ou en cours');
    expect(text).not.toContain('embedded PGlite');
    expect(text).not.toContain('in-process');
  });

  it('reads the same in English', async () => {
    const text = await open('en');
    expect(text).toContain('Embedded PostgreSQL (PGlite)');
    expect(text).toContain('Queue (In this process): 2 waiting or running, 0 failed.');
  });
});
