import { DatePipe, NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { Observable } from 'rxjs';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { CollaborationAttachmentDto, CollaborationMessageDto, CollaborationNotificationDto, CollaboratorDto, MediaFileDto, ProjectSummaryDto } from '../../api/models';
import { Router } from '@angular/router';
import { NotificationsStore } from '../../core/notifications/notifications.store';
import { MatDialog } from '@angular/material/dialog';
import { toApiProblem } from '../../core/http/api-error';
import { confirmAction } from '../../shared/confirm-dialog/confirm-dialog';
import { problemMessage } from '../../core/http/problem-message';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { Markdown } from '../../shared/markdown/markdown';
import { CollaborationStore, PROJECT_ROLES, type PresenceStatus, type ProjectRole } from './collaboration.store';
import { HelpLink } from '../../shared/help-link/help-link';
import { ProjectShares } from './project-shares';
import { pickMediaFile, type MediaPickerData } from '../../shared/media/media-picker-dialog';
import { BytesPipe, downloadUrl, kindIcon, previewMode } from '../../shared/media/media-format';

/** The most files one message carries (the server's limit too). */
export const MAX_ATTACHMENTS = 10;
const PICKER_TEXTS: MediaPickerData['texts'] = { title: 'collaboration.attach.title', empty: 'collaboration.attach.empty', failed: 'collaboration.attach.failed' };

/** Throttles the typing notices a composer sends. */
const TYPING_EVERY_MS = 2000;

/**
 * Collaboration: projects (each with its channel) and direct conversations on the left; the open
 * conversation's messages (Markdown, sanitised by `wbx-markdown`), composer, thread and members on
 * the right. Messages carry files of the media library, shown as previews (pictures, players, links).
 * Sending goes over the socket, over HTTP when the socket is down. A project panel lists the folders,
 * prompts and agents shared with the project (a shared folder is browsed whole on the Media page).
 */
@Component({
  selector: 'wbx-collaboration-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HelpLink, ProjectShares, BytesPipe, DatePipe, NgTemplateOutlet, FormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, MatTooltipModule, Markdown, TranslatePipe],
  providers: [CollaborationStore],
  templateUrl: './collaboration.page.html',
  styleUrl: './collaboration.page.scss',
})
export default class CollaborationPage implements OnInit {
  protected readonly store = inject(CollaborationStore);
  protected readonly notifications = inject(NotificationsStore);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18nService);
  private readonly dialog = inject(MatDialog);

  protected readonly roles = PROJECT_ROLES;
  protected readonly roleKeys: Record<ProjectRole, MessageKey> = { owner: 'collaboration.role.owner', editor: 'collaboration.role.editor', viewer: 'collaboration.role.viewer' };
  protected readonly error = signal<string | null>(null);
  protected readonly newProject = signal('');
  protected readonly dmEmail = signal('');
  protected readonly draft = signal('');
  /** Files picked for the next message. */
  protected readonly pending = signal<MediaFileDto[]>([]);
  protected readonly maxAttachments = MAX_ATTACHMENTS;
  protected readonly kindIcon = kindIcon;
  protected readonly downloadUrl = downloadUrl;
  protected readonly editing = signal<{ id: string; text: string } | null>(null);
  protected readonly showMembers = signal(false);
  protected readonly memberEmail = signal('');
  protected readonly memberRole = signal<ProjectRole>('editor');
  protected readonly projectName = signal('');
  protected readonly contacts = signal<CollaboratorDto[]>([]);
  protected readonly showNotifications = signal(false);
  protected readonly presenceKeys: Record<PresenceStatus, MessageKey> = { online: 'collaboration.presence.online', away: 'collaboration.presence.away', offline: 'collaboration.presence.offline' };
  protected readonly notificationKeys: Record<CollaborationNotificationDto['kind'], MessageKey> = {
    message: 'collaboration.notification.message',
    mention: 'collaboration.notification.mention',
    share: 'collaboration.notification.share',
    project_share: 'collaboration.notification.project_share',
  };
  protected readonly notificationIcons: Record<CollaborationNotificationDto['kind'], string> = { message: 'chat', mention: 'alternate_email', share: 'share', project_share: 'group' };
  private lastTyping = 0;

  ngOnInit(): void {
    this.store.loadLists();
    this.store.contacts().subscribe({ next: (contacts) => this.contacts.set(contacts), error: () => undefined });
  }

  protected openProject(project: ProjectSummaryDto): void {
    this.showMembers.set(false);
    this.projectName.set(project.name);
    this.store.select({ kind: 'channel', projectId: project.id, channelId: project.channelId });
  }

  /** Opens what a notification is about (the channel, the direct conversation, the shared chat) and marks it read. */
  protected openNotification(notification: CollaborationNotificationDto): void {
    this.notifications.markRead(notification);
    this.showNotifications.set(false);
    if (notification.kind === 'share' && notification.conversationId) {
      void this.router.navigate(['/chat', notification.conversationId]);
      return;
    }
    if (notification.kind === 'project_share') {
      // The project's panel lists what its members share.
      const project = this.store.projects().find((p) => p.id === notification.projectId);
      if (project) {
        this.openProject(project);
        this.showMembers.set(true);
      }
      return;
    }
    if (notification.channelId) {
      const project = this.store.projects().find((p) => p.channelId === notification.channelId);
      if (project) this.openProject(project);
      return;
    }
    if (notification.actorId) {
      const known = this.store.directs().find((d) => d.user.id === notification.actorId)?.user ?? this.contacts().find((c) => c.id === notification.actorId);
      this.openDirect(known ?? { id: notification.actorId, name: notification.actorName ?? '', email: '' });
    }
  }

  protected openDirect(user: CollaboratorDto): void {
    this.showMembers.set(false);
    this.store.select({ kind: 'direct', user });
  }

  protected isOpen(id: string): boolean {
    const selection = this.store.selection();
    return selection?.kind === 'channel' ? selection.projectId === id : selection?.kind === 'direct' && selection.user.id === id;
  }

  protected createProject(): void {
    const name = this.newProject().trim();
    if (!name) return;
    this.run(this.store.createProject(name), (project) => {
      this.newProject.set('');
      this.openProject(project);
    });
  }

  protected startDirect(): void {
    const email = this.dmEmail().trim();
    if (!email) return;
    this.run(this.store.lookup(email), (user) => {
      this.dmEmail.set('');
      this.openDirect(user);
    });
  }

  protected send(): void {
    const text = this.draft();
    const files = this.pending();
    if (!text.trim() && !files.length) return;
    this.run(
      this.store.send(
        text,
        files.map((file) => file.id),
      ),
      () => {
        this.draft.set('');
        this.pending.set([]);
      },
    );
  }

  /** Adds a file of my library to the next message. */
  protected attach(): void {
    pickMediaFile(this.dialog, { files: this.store.libraryFiles(), selectedId: null, texts: PICKER_TEXTS }).subscribe((file) => {
      if (file && !this.pending().some((f) => f.id === file.id)) this.pending.update((list) => [...list, file].slice(0, MAX_ATTACHMENTS));
    });
  }

  protected unattach(id: string): void {
    this.pending.update((list) => list.filter((file) => file.id !== id));
  }

  /** How an attachment shows in the message: a thumbnail, a player, or a named link. */
  protected shownAs(attachment: CollaborationAttachmentDto): 'image' | 'video' | 'audio' | 'link' {
    const mode = previewMode(attachment);
    return mode === 'image' || mode === 'video' || mode === 'audio' ? mode : 'link';
  }

  protected onComposerKey(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.send();
      return;
    }
    if (Date.now() - this.lastTyping > TYPING_EVERY_MS) {
      this.lastTyping = Date.now();
      this.store.notifyTyping();
    }
  }

  protected saveEdit(message: CollaborationMessageDto): void {
    const editing = this.editing();
    if (!editing?.text.trim()) return;
    this.run(this.store.edit(message, editing.text), () => this.editing.set(null));
  }

  protected remove(message: CollaborationMessageDto): void {
    const data = { title: this.i18n.t('collaboration.deleteTitle'), message: this.i18n.t('collaboration.deleteConfirm'), confirm: this.i18n.t('common.delete'), cancel: this.i18n.t('common.cancel') };
    confirmAction(this.dialog, data).subscribe((confirmed) => confirmed && this.run(this.store.remove(message), () => undefined));
  }

  protected rename(): void {
    const name = this.projectName().trim();
    if (name) this.run(this.store.renameProject(name), () => undefined);
  }

  protected deleteProject(): void {
    const data = { title: this.i18n.t('collaboration.deleteProject'), message: this.i18n.t('collaboration.deleteProjectConfirm', { name: this.store.project()?.name ?? '' }), confirm: this.i18n.t('common.delete'), cancel: this.i18n.t('common.cancel') };
    confirmAction(this.dialog, data).subscribe((confirmed) => confirmed && this.run(this.store.deleteProject(), () => this.showMembers.set(false)));
  }

  protected addMember(): void {
    const email = this.memberEmail().trim();
    if (email) this.run(this.store.addMember(email, this.memberRole()), () => this.memberEmail.set(''));
  }

  protected changeRole(userId: string, role: ProjectRole): void {
    this.run(this.store.changeRole(userId, role), () => undefined);
  }

  protected removeMember(userId: string): void {
    this.run(this.store.removeMember(userId), () => undefined);
  }

  protected title(): string {
    const selection = this.store.selection();
    if (!selection) return '';
    return selection.kind === 'direct' ? selection.user.name : (this.store.project()?.name ?? this.store.projects().find((p) => p.id === selection.projectId)?.name ?? '');
  }

  protected i18nLocale(): string {
    return this.i18n.locale();
  }

  protected typingText(): string {
    const names = this.store.typing().map((t) => t.name);
    return names.length ? this.i18n.t('collaboration.typing', { names: names.join(', ') }) : '';
  }

  private run<T>(call: Observable<T>, done: (value: T) => void): void {
    this.error.set(null);
    call.subscribe({ next: done, error: (error: unknown) => this.error.set(problemMessage(this.i18n, toApiProblem(error))) });
  }
}
