import { Clipboard } from '@angular/cdk/clipboard';
import { DOCUMENT, DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { switchMap, type Observable } from 'rxjs';
import type { ConversationSharesDto, ProjectSummaryDto, SharePermissionDto } from '../../api/models';

type SharePermission = SharePermissionDto['permission'];
import { CollaborationService } from '../../api/services';
import { toApiProblem } from '../../core/http/api-error';
import { problemMessage } from '../../core/http/problem-message';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

/** The address of a public link's page in this dashboard. */
export const sharedPageUrl = (origin: string, token: string) => `${origin}/shared/${token}`;

/**
 * Shares the open conversation (its owner only): with people found by e-mail and with projects,
 * to read or to continue; changes or removes each share; makes, copies and revokes the public
 * read-only link (whose address is shown once, when it is made: only its hash is stored).
 */
@Component({
  selector: 'wbx-share-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatIconModule, TranslatePipe],
  templateUrl: './share-dialog.html',
  styleUrl: './share-dialog.scss',
})
export class ShareDialog {
  private readonly api = inject(CollaborationService);
  private readonly i18n = inject(I18nService);
  private readonly clipboard = inject(Clipboard);
  private readonly origin = inject(DOCUMENT).location.origin;
  protected readonly conversationId = inject<{ conversationId: string }>(MAT_DIALOG_DATA).conversationId;

  protected readonly shares = signal<ConversationSharesDto | null>(null);
  protected readonly projects = signal<ProjectSummaryDto[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  /** The public link just made: its address can be copied until the dialog closes. */
  protected readonly linkUrl = signal<string | null>(null);
  protected readonly copied = signal(false);

  protected readonly email = new FormControl('', { nonNullable: true });
  protected readonly projectId = new FormControl<string | null>(null);
  protected readonly permission = new FormControl<SharePermission>('read', { nonNullable: true });
  /** `YYYY-MM-DDTHH:mm` from the date-time field, local time; empty: no expiry. */
  protected readonly expiresAt = new FormControl('', { nonNullable: true });

  constructor() {
    this.run(this.api.listConversationShares({ conversationId: this.conversationId }));
    this.api.listProjects().subscribe({ next: (projects) => this.projects.set(projects), error: () => this.projects.set([]) });
  }

  protected shareWithPerson(event: Event): void {
    event.preventDefault();
    const email = this.email.value.trim();
    if (!email) return;
    this.run(
      this.api.lookupCollaborator({ email }).pipe(
        switchMap((person) => this.api.shareConversation({ body: { conversationId: this.conversationId, userIds: [person.id], permission: this.permission.value } })),
      ),
      () => this.email.setValue(''),
    );
  }

  protected shareWithProject(): void {
    const projectId = this.projectId.value;
    if (!projectId) return;
    this.run(this.api.shareConversation({ body: { conversationId: this.conversationId, projectId, permission: this.permission.value } }), () => this.projectId.setValue(null));
  }

  protected changePermission(id: string, permission: SharePermission): void {
    this.run(this.api.changeSharePermission({ id, body: { permission } }));
  }

  protected unshare(id: string): void {
    this.run(this.api.unshareConversation({ id }).pipe(switchMap(() => this.api.listConversationShares({ conversationId: this.conversationId }))));
  }

  protected createLink(): void {
    const expiresAt = this.expiresAt.value ? new Date(this.expiresAt.value).toISOString() : null;
    this.busy.set(true);
    this.error.set(null);
    this.api
      .createShareLink({ conversationId: this.conversationId, body: { expiresAt } })
      .pipe(
        switchMap((link) => {
          this.linkUrl.set(sharedPageUrl(this.origin, link.token));
          this.copied.set(false);
          return this.api.listConversationShares({ conversationId: this.conversationId });
        }),
      )
      .subscribe({ next: (shares) => this.done(shares), error: (error: unknown) => this.failed(error) });
  }

  protected revokeLink(): void {
    this.linkUrl.set(null);
    this.run(this.api.revokeShareLink({ conversationId: this.conversationId }).pipe(switchMap(() => this.api.listConversationShares({ conversationId: this.conversationId }))));
  }

  protected copyLink(): void {
    const url = this.linkUrl();
    if (url) this.copied.set(this.clipboard.copy(url));
  }

  private run(call: Observable<ConversationSharesDto>, then?: () => void): void {
    this.busy.set(true);
    this.error.set(null);
    call.subscribe({
      next: (shares) => {
        this.done(shares);
        then?.();
      },
      error: (error: unknown) => this.failed(error),
    });
  }

  private done(shares: ConversationSharesDto): void {
    this.shares.set(shares);
    this.busy.set(false);
  }

  private failed(error: unknown): void {
    this.busy.set(false);
    this.error.set(problemMessage(this.i18n, toApiProblem(error)));
  }
}

export function openShareDialog(dialog: MatDialog, conversationId: string): void {
  dialog.open(ShareDialog, { data: { conversationId }, width: '560px', maxWidth: '95vw', autoFocus: 'first-tabbable' });
}
