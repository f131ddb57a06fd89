import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { ProjectShareDto } from '../../api/models';
import { ProjectShares } from './project-shares';

const share = (options: Partial<ProjectShareDto> = {}): ProjectShareDto => ({
  id: 's1',
  projectId: 'p1',
  kind: 'prompt',
  resourceId: 'r1',
  name: 'Team brief',
  sharedById: 'u-bob',
  sharedByName: 'Bob',
  mine: false,
  createdAt: '2026-12-01T10:00:00Z',
  ...options,
});

describe('ProjectShares', { timeout: 20_000 }, () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration('')] });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    localStorage.clear();
    document.querySelectorAll('.cdk-overlay-container').forEach((node) => node.remove());
  });

  async function render(role: 'owner' | 'editor' | 'viewer', shares: ProjectShareDto[]) {
    const fixture = TestBed.createComponent(ProjectShares);
    fixture.componentRef.setInput('projectId', 'p1');
    fixture.componentRef.setInput('role', role);
    fixture.detectChanges();
    await fixture.whenStable();
    http.expectOne('/api/collaboration/projects/p1/shares').flush(shares);
    for (const request of http.match((r) => r.url === '/api/prompts')) request.flush({ items: [{ id: 'mine-1', title: 'My outline' }], total: 1, page: 1, limit: 100 });
    fixture.detectChanges();
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  it('lists what is shared, who shared it, and lets a viewer unshare nothing and share nothing', async () => {
    const { root } = await render('viewer', [share(), share({ id: 's2', kind: 'agent', name: 'Reviewer' })]);
    const items = [...root.querySelectorAll('[data-testid="collab-share"]')];
    expect(items.map((item) => item.getAttribute('data-kind'))).toEqual(['prompt', 'agent']);
    expect(items[0]!.textContent).toContain('Team brief');
    expect(items[0]!.textContent).toContain('shared by Bob');
    expect(root.querySelector('[data-testid="collab-unshare"]')).toBeNull();
    expect(root.querySelector('[data-testid="collab-share-submit"]')).toBeNull();
    http.verify();
  });

  it('shares one of my prompts as an editor, and unshares what I shared', async () => {
    const { fixture, root } = await render('editor', [share({ id: 's9', mine: true, sharedById: 'u-me', sharedByName: 'Me', name: 'Old' })]);
    expect(root.querySelectorAll('[data-testid="collab-unshare"]').length).toBe(1);
    const component = fixture.componentInstance as unknown as { chosen: { set(v: string): void }; share(): void };
    component.chosen.set('mine-1');
    component.share();
    const post = http.expectOne({ method: 'POST', url: '/api/collaboration/projects/p1/shares' });
    expect(post.request.body).toEqual({ kind: 'prompt', resourceId: 'mine-1' });
    post.flush(share({ id: 's10', resourceId: 'mine-1', name: 'My outline', mine: true, sharedByName: 'Me' }));
    fixture.detectChanges();
    await fixture.whenStable();
    expect([...root.querySelectorAll('[data-testid="collab-share"] .name')].map((n) => n.textContent)).toEqual(['My outline', 'Old']);

    (root.querySelectorAll('[data-testid="collab-unshare"]')[1] as HTMLButtonElement).click();
    http.expectOne({ method: 'DELETE', url: '/api/collaboration/projects/p1/shares/s9' }).flush(null);
    fixture.detectChanges();
    await fixture.whenStable();
    expect([...root.querySelectorAll('[data-testid="collab-share"] .name')].map((n) => n.textContent)).toEqual(['My outline']);
  });

  it("opens a shared folder's files with links to view and download them, and to the folder with its sub-folders in the media manager", async () => {
    const { fixture, root } = await render('owner', [share({ kind: 'media_folder', resourceId: 'f1', name: 'Team assets' })]);
    expect(root.querySelector('[data-testid="collab-unshare"]')).not.toBeNull();
    (root.querySelector('[data-testid="collab-share-open"]') as HTMLButtonElement).click();
    const list = http.expectOne((r) => r.url === '/api/media/files');
    expect(list.request.params.get('folderId')).toBe('f1');
    list.flush({ items: [{ id: 'file-1', name: 'logo.png', contentUrl: '/api/media/files/file-1/content?token=t' }], total: 1, page: 1, limit: 100 });
    fixture.detectChanges();
    await fixture.whenStable();
    const links = [...root.querySelectorAll('[data-testid="collab-share-file"] a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/api/media/files/file-1/content?token=t', '/api/media/files/file-1/content?token=t&download=true']);
    const inMedia = root.querySelector('[data-testid="collab-share-in-media"]')!;
    expect(inMedia.getAttribute('href')).toBe('/media?folder=f1');
    expect(inMedia.textContent).toContain('Open in the media manager, with its sub-folders');
  });
});
