import { Clipboard } from '@angular/cdk/clipboard';
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { filter, switchMap } from 'rxjs';
import type { AccessTokenDto, CreatedAccessTokenDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { FormSubmission } from '../../core/http/form-submission';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { confirmAction } from '../../shared/confirm-dialog/confirm-dialog';
import { ListState } from '../../shared/list-state/list-state';
import { ACCESS_TOKENS_PAGE_SIZE, ProfileStore } from './profile.store';
import { problemMessage } from '../../core/http/problem-message';

/** Lifetimes offered when creating a token; 0 is "never expires". */
const LIFETIMES = [0, 30, 90, 365] as const;

type TokenStatus = 'active' | 'revoked' | 'expired';

/**
 * Personal access tokens for the OpenAI-compatible API (`/v1`): create one (shown once, with a
 * copy button and ready-to-run examples), list them by hint, revoke.
 */
@Component({
  selector: 'wbx-access-tokens',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DatePipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatSelectModule,
    MatTableModule,
    MatTooltipModule,
    TranslatePipe,
    ListState,
  ],
  templateUrl: './access-tokens.html',
  styleUrls: ['../../shared/styles/section.scss', './api-keys.scss', './access-tokens.scss'],
})
export class AccessTokens {
  private readonly store = inject(ProfileStore);
  private readonly i18n = inject(I18nService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly clipboard = inject(Clipboard);

  protected readonly columns = ['name', 'hint', 'createdAt', 'lastUsedAt', 'status', 'actions'];
  protected readonly list = this.store.accessTokens;
  protected readonly tokens = this.list.items;
  protected readonly total = this.list.total;
  protected readonly page = this.list.page;
  protected readonly pageSize = ACCESS_TOKENS_PAGE_SIZE;
  protected readonly locale = this.i18n.locale;
  protected readonly lifetimes = LIFETIMES;
  /** The token just created: its only appearance. */
  protected readonly created = signal<CreatedAccessTokenDto | null>(null);
  protected readonly apiBase = `${window.location.origin}/v1`;

  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    expiresInDays: [0 as number],
  });
  protected readonly submission = new FormSubmission();

  constructor() {
    this.list.load(1);
  }

  protected submit(formDirective: FormGroupDirective): void {
    const { name, expiresInDays } = this.form.getRawValue();
    this.submission.submit(this.form, () => this.store.createAccessToken({ name: name.trim(), ...(expiresInDays ? { expiresInDays } : {}) }), {
      saved: (token) => {
        this.created.set(token);
        formDirective.resetForm({ name: '', expiresInDays: 0 });
      },
    });
  }

  protected copy(text: string): void {
    const copied = this.clipboard.copy(text);
    this.snackBar.open(this.i18n.t(copied ? 'accessTokens.copied' : 'accessTokens.copyFailed'), undefined, { duration: 3000 });
  }

  protected curlExample(token: string): string {
    return [
      `curl ${this.apiBase}/chat/completions \\`,
      `  -H "Authorization: Bearer ${token}" \\`,
      `  -H "Content-Type: application/json" \\`,
      `  -d '{"model": "local/webox-mini", "messages": [{"role": "user", "content": "Hello"}]}'`,
    ].join('\n');
  }

  protected sdkExample(token: string): string {
    return [
      `import OpenAI from 'openai';`,
      ``,
      `const client = new OpenAI({ baseURL: '${this.apiBase}', apiKey: '${token}' });`,
      `const reply = await client.chat.completions.create({`,
      `  model: 'local/webox-mini',`,
      `  messages: [{ role: 'user', content: 'Hello' }],`,
      `});`,
      `console.log(reply.choices[0].message.content);`,
    ].join('\n');
  }

  protected status(token: AccessTokenDto): TokenStatus {
    if (token.revokedAt) return 'revoked';
    if (token.expiresAt && new Date(token.expiresAt) <= new Date()) return 'expired';
    return 'active';
  }

  protected changePage(event: PageEvent): void {
    this.list.load(event.pageIndex + 1);
  }

  protected revoke(token: AccessTokenDto): void {
    confirmAction(this.dialog, {
      title: this.i18n.t('accessTokens.revoke.title'),
      message: this.i18n.t('accessTokens.revoke.message', { name: token.name, hint: token.hint }),
      confirm: this.i18n.t('accessTokens.revoke.confirm'),
      cancel: this.i18n.t('common.cancel'),
    })
      .pipe(
        filter(Boolean),
        switchMap(() => this.store.revokeAccessToken(token.id)),
      )
      .subscribe({
        next: () => {
          if (this.created()?.id === token.id) this.created.set(null);
          this.snackBar.open(this.i18n.t('accessTokens.revoked'), undefined, { duration: 3000 });
        },
        error: (error: unknown) => this.snackBar.open(problemMessage(this.i18n, toApiProblem(error)), undefined, { duration: 6000 }),
      });
  }
}
