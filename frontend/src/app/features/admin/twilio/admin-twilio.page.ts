import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { filter, firstValueFrom } from 'rxjs';
import type { TwilioConnectionDto } from '../../../api/models';
import { AdminService } from '../../../api/services';
import { toApiProblem } from '../../../core/http/api-error';
import { problemMessage } from '../../../core/http/problem-message';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TranslatePipe } from '../../../core/i18n/translate.pipe';
import { confirmAction } from '../../../shared/confirm-dialog/confirm-dialog';

/**
 * `/admin/twilio`: the workspace's Twilio account, used for the calls of every user who has not
 * connected their own. Connecting checks the Account SID and Auth Token with Twilio (the API's
 * answer, a refused token included, is shown as it says it); only the masked SID is ever shown.
 */
@Component({
  selector: 'wbx-admin-twilio-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, TranslatePipe],
  templateUrl: './admin-twilio.page.html',
  styleUrls: ['../admin-sections.scss', './admin-twilio.page.scss'],
})
export default class AdminTwilioPage implements OnInit {
  private readonly admin = inject(AdminService);
  private readonly i18n = inject(I18nService);
  private readonly dialog = inject(MatDialog);
  private readonly fb = inject(FormBuilder);

  protected readonly connection = signal<TwilioConnectionDto | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly form = this.fb.nonNullable.group({
    accountSid: ['', [Validators.required, Validators.pattern(/^AC[0-9a-fA-F]{32}$/)]],
    authToken: ['', [Validators.required, Validators.minLength(8), Validators.maxLength(128)]],
  });

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    try {
      this.connection.set(await firstValueFrom(this.admin.getWorkspaceTwilio()));
    } catch (error) {
      this.error.set(problemMessage(this.i18n, toApiProblem(error)));
    }
  }

  protected async connect(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const { accountSid, authToken } = this.form.getRawValue();
      this.connection.set(await firstValueFrom(this.admin.connectWorkspaceTwilio({ body: { accountSid: accountSid.trim(), authToken: authToken.trim() } })));
      this.form.reset();
    } catch (error) {
      this.error.set(problemMessage(this.i18n, toApiProblem(error)));
    } finally {
      this.busy.set(false);
    }
  }

  protected disconnect(): void {
    confirmAction(this.dialog, {
      title: this.i18n.t('admin.twilio.disconnect.title'),
      message: this.i18n.t('admin.twilio.disconnect.message', { sid: this.connection()?.accountSid ?? '' }),
      confirm: this.i18n.t('admin.twilio.disconnect.confirm'),
      cancel: this.i18n.t('common.cancel'),
    })
      .pipe(filter(Boolean))
      .subscribe(() => void this.forget());
  }

  private async forget(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await firstValueFrom(this.admin.disconnectWorkspaceTwilio());
      await this.load();
    } catch (error) {
      this.error.set(problemMessage(this.i18n, toApiProblem(error)));
    } finally {
      this.busy.set(false);
    }
  }
}
