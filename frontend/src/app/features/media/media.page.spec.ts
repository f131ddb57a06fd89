import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { MediaFileDto, MediaFolderDto, SharedMediaFolderDto } from '../../api/models';
import { mediaFile } from '../../shared/media/media-file.fixture';
import MediaPage from './media.page';

const file = (id: string, folderId: string | null) => mediaFile(id, { folderId, thumbnailUrl: null });
const mine: MediaFolderDto = { id: 'mine-1', name: 'Holidays', parentId: null, fileCount: 1, createdAt: '', updatedAt: '' };
const shared = (id: string, name: string, parentId: string | null): SharedMediaFolderDto => ({
  id,
  name,
  parentId,
  fileCount: 1,
  createdAt: '',
  updatedAt: '',
  ownerId: 'u-bob',
  ownerName: 'Bob',
  sharedRootId: 'team',
  projects: [{ id: 'p1', name: 'Atelier' }],
});
const page = (items: MediaFileDto[]) => ({ items, total: items.length, page: 1, limit: 48 });

describe('MediaPage: shared with me', { timeout: 20_000 }, () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration('')] });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    localStorage.clear();
    document.querySelectorAll('.cdk-overlay-container').forEach((node) => node.remove());
  });

  async function render(sharedFolders: SharedMediaFolderDto[]) {
    const fixture = TestBed.createComponent(MediaPage);
    http.expectOne((r) => r.url === '/api/media/files').flush(page([file('own', 'mine-1')]));
    http.expectOne('/api/media/folders').flush([mine]);
    http.expectOne('/api/media/folders/shared').flush(sharedFolders);
    http.expectOne('/api/media/usage').flush({ usedBytes: 100, quotaBytes: 1000, fileCount: 1, maxFileBytes: 500 });
    fixture.detectChanges();
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  async function openMenuOf(fixture: { detectChanges(): void; whenStable(): Promise<unknown> }, root: HTMLElement): Promise<string[]> {
    (root.querySelector('[data-testid="media-file-menu"]') as HTMLButtonElement).click();
    fixture.detectChanges();
    await fixture.whenStable();
    const items = [...document.querySelectorAll('.cdk-overlay-container [mat-menu-item]')].map((item) => item.getAttribute('data-testid') ?? '');
    (document.querySelector('.cdk-overlay-backdrop') as HTMLElement | null)?.click();
    return items;
  }

  it('shows no shared section when nothing is shared with me', async () => {
    const { root } = await render([]);
    expect(root.querySelector('[data-testid="shared-folders"]')).toBeNull();
    expect(root.querySelector('[data-testid="media-upload"]')).not.toBeNull();
  });

  it('lists the shared folders with who shared them and through which project, and browses one read-only', async () => {
    const { fixture, root } = await render([shared('team', 'Team assets', 'bobs-private-parent'), shared('logos', 'Logos', 'team')]);
    const section = root.querySelector('[data-testid="shared-folders"]')!;
    expect(section.querySelector('h2')!.textContent).toContain('Shared with me');
    // The shared folder is a top of the section (its own parent is not mine to see); the sub-folder is below it.
    expect([...section.querySelectorAll('[data-testid="shared-folder-node"]')].map((node) => node.getAttribute('data-folder'))).toEqual(['Team assets']);
    expect(section.querySelector('[data-testid="shared-folder-via"]')!.textContent).toContain('Bob · Atelier');
    expect(section.querySelector('[data-testid="folder-menu"]')).toBeNull();
    // My own files: every action there.
    expect(await openMenuOf(fixture, root)).toEqual(['media-action-open', 'media-action-rename', 'media-action-move', 'media-action-download', 'media-action-delete']);

    (section.querySelector('[data-testid="folder-toggle"]') as HTMLButtonElement).click();
    fixture.detectChanges();
    (section.querySelector('[data-folder="Logos"]') as HTMLButtonElement).click();
    const list = http.expectOne((r) => r.url === '/api/media/files');
    expect(list.request.params.get('folderId')).toBe('logos');
    list.flush(page([file('logo', 'logos')]));
    fixture.detectChanges();
    await fixture.whenStable();

    expect(root.querySelector('[data-testid="media-shared-note"]')!.textContent).toContain('Shared with you by Bob through the project Atelier');
    expect(root.querySelector('[data-testid="media-location"]')!.textContent).toMatch(/Shared with me.*Team assets.*Logos/s);
    expect(root.querySelector('[data-testid="media-upload"]')).toBeNull();
    expect([...root.querySelectorAll('[data-testid="media-name"]')].map((n) => n.textContent)).toEqual(['logo.png']);
    expect(await openMenuOf(fixture, root)).toEqual(['media-action-open', 'media-action-download']);
  });

  it('goes back to my files when the folder open is no longer shared with me', async () => {
    const { fixture, root } = await render([shared('team', 'Team assets', null)]);
    (root.querySelector('[data-folder="Team assets"]') as HTMLButtonElement).click();
    http.expectOne((r) => r.url === '/api/media/files').flush({ statusCode: 404, code: 'MEDIA_FOLDER_NOT_FOUND' }, { status: 404, statusText: 'Not Found' });
    http.expectOne('/api/media/folders/shared').flush([]);
    const all = http.expectOne((r) => r.url === '/api/media/files');
    expect(all.request.params.has('folderId')).toBe(false);
    all.flush(page([file('own', 'mine-1')]));
    fixture.detectChanges();
    await fixture.whenStable();
    expect(root.querySelector('[data-testid="shared-folders"]')).toBeNull();
    expect(root.querySelector('[data-testid="media-shared-note"]')).toBeNull();
    expect(root.querySelector('[data-testid="media-upload"]')).not.toBeNull();
  });

  it('opens the folder a link names (/media?folder=, from a project) once both folder lists are in, read-only when shared', async () => {
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'media', component: MediaPage }]), provideApiConfiguration('')] });
    http = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/media?folder=logos', MediaPage);
    const first = http.expectOne((r) => r.url === '/api/media/files');
    expect(first.request.params.get('folderId')).toBe('logos');
    first.flush(page([file('logo', 'logos')]));
    http.expectOne('/api/media/folders').flush([mine]);
    http.expectOne('/api/media/folders/shared').flush([shared('team', 'Team assets', null), shared('logos', 'Logos', 'team')]);
    http.expectOne('/api/media/usage').flush({ usedBytes: 100, quotaBytes: 1000, fileCount: 1, maxFileBytes: 500 });
    harness.detectChanges();
    await harness.fixture.whenStable();
    const root = harness.routeNativeElement!;
    expect(root.querySelector('[data-testid="media-upload"]')).toBeNull();
    expect(root.querySelector('[data-testid="media-shared-note"]')).not.toBeNull();
  });
});
