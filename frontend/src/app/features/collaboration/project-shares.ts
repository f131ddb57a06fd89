import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import type { MediaFileDto, ProjectShareDto, ShareWithProjectDto } from '../../api/models';
import { AgentsService, CollaborationService, MediaService, PromptsService } from '../../api/services';
import type { IconName } from '../../core/icons/icons';
import { toApiProblem } from '../../core/http/api-error';
import { problemMessage } from '../../core/http/problem-message';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { downloadUrl } from '../../shared/media/media-format';
import type { ProjectRole } from './collaboration.store';

type ShareKind = ShareWithProjectDto['kind'];
interface Choice {
  id: string;
  name: string;
}

const KIND_ICONS: Record<ShareKind, IconName> = { media_folder: 'folder', prompt: 'description', agent: 'smart_toy' };
const KIND_KEYS: Record<ShareKind, MessageKey> = { media_folder: 'collaboration.shares.kind.media_folder', prompt: 'collaboration.shares.kind.prompt', agent: 'collaboration.shares.kind.agent' };

/**
 * A project's shared media folders, prompts and agents (issue 27 §3): what members shared, each
 * folder's own files to open or download (its sub-folders, shared with it, are browsed on the Media
 * page, which the folder links to), and — for owners and editors — one of their own to share. Who
 * shared something, or an owner, unshares it.
 */
@Component({
  selector: 'wbx-project-shares',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, MatButtonModule, MatIconModule, MatSelectModule, MatTooltipModule, RouterLink, TranslatePipe],
  templateUrl: './project-shares.html',
  styleUrl: './project-shares.scss',
})
export class ProjectShares {
  readonly projectId = input.required<string>();
  readonly role = input.required<ProjectRole>();

  private readonly api = inject(CollaborationService);
  private readonly media = inject(MediaService);
  private readonly prompts = inject(PromptsService);
  private readonly agents = inject(AgentsService);
  private readonly i18n = inject(I18nService);

  protected readonly kinds: ShareKind[] = ['media_folder', 'prompt', 'agent'];
  protected readonly kindIcons = KIND_ICONS;
  protected readonly kindKeys = KIND_KEYS;
  protected readonly shares = signal<ProjectShareDto[]>([]);
  protected readonly state = signal<'loading' | 'ready' | 'failed'>('loading');
  protected readonly error = signal<string | null>(null);
  protected readonly kind = signal<ShareKind>('prompt');
  protected readonly choices = signal<Choice[]>([]);
  protected readonly chosen = signal<string | null>(null);
  /** The folder whose files are shown, with them. */
  protected readonly openFolder = signal<{ shareId: string; files: MediaFileDto[] | null } | null>(null);
  protected readonly canShare = computed(() => this.role() !== 'viewer');
  protected readonly download = downloadUrl;

  constructor() {
    effect(() => {
      const id = this.projectId();
      untracked(() => this.load(id));
    });
    effect(() => {
      const kind = this.kind();
      if (this.canShare()) untracked(() => this.loadChoices(kind));
    });
  }

  protected canUnshare(share: ProjectShareDto): boolean {
    return share.mine || this.role() === 'owner';
  }

  protected share(): void {
    const resourceId = this.chosen();
    if (!resourceId) return;
    this.api.shareWithProject({ id: this.projectId(), body: { kind: this.kind(), resourceId } }).subscribe({
      next: (share) => {
        this.shares.update((all) => [share, ...all.filter((s) => s.id !== share.id)]);
        this.chosen.set(null);
        this.error.set(null);
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  protected unshare(share: ProjectShareDto): void {
    this.api.unshareFromProject({ id: this.projectId(), shareId: share.id }).subscribe({
      next: () => this.shares.update((all) => all.filter((s) => s.id !== share.id)),
      error: (error: unknown) => this.fail(error),
    });
  }

  protected toggleFolder(share: ProjectShareDto): void {
    if (this.openFolder()?.shareId === share.id) {
      this.openFolder.set(null);
      return;
    }
    this.openFolder.set({ shareId: share.id, files: null });
    this.media.listMediaFiles({ folderId: share.resourceId, limit: 100 }).subscribe({
      next: (page) => this.openFolder.update((open) => (open?.shareId === share.id ? { ...open, files: page.items } : open)),
      error: (error: unknown) => this.fail(error),
    });
  }

  private load(projectId: string): void {
    this.state.set('loading');
    this.openFolder.set(null);
    this.api.listProjectShares({ id: projectId }).subscribe({
      next: (shares) => {
        this.shares.set(shares);
        this.state.set('ready');
      },
      error: () => this.state.set('failed'),
    });
  }

  /** My own resources of this kind, to choose one to share. */
  private loadChoices(kind: ShareKind): void {
    this.chosen.set(null);
    const done = (choices: Choice[]) => this.choices.set(choices);
    if (kind === 'media_folder') this.media.listMediaFolders().subscribe({ next: (folders) => done(folders.map((f) => ({ id: f.id, name: f.name }))), error: () => done([]) });
    else if (kind === 'prompt') this.prompts.listPrompts({ scope: 'mine', limit: 100 }).subscribe({ next: (page) => done(page.items.map((p) => ({ id: p.id, name: p.title }))), error: () => done([]) });
    else this.agents.listAgents().subscribe({ next: (agents) => done(agents.filter((a) => a.mine).map((a) => ({ id: a.id, name: a.name }))), error: () => done([]) });
  }

  private fail(error: unknown): void {
    this.error.set(problemMessage(this.i18n, toApiProblem(error), 'collaboration.shares.failed'));
  }
}
