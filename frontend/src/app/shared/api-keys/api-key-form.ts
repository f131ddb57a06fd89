import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, output, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { Observable } from 'rxjs';
import type { ApiKeyDto, CreateOwnApiKeyDto } from '../../api/models';
import { FormSubmission } from '../../core/http/form-submission';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { PROVIDERS, type Provider } from './api-key-providers';

const URL_PATTERN = /^https?:\/\/\S+$/i;

/** The key failed its check with the vendor (the server stored nothing): why, and whether the vendor refused it or could not be asked. */
interface FailedCheck {
  rejected: boolean;
  reason: string | null;
}

/**
 * Adds a provider key. The base URL is required for OpenAI-compatible servers, the Account SID
 * for Twilio. The key is sent once and the field is cleared: it is never shown again. The server
 * checks the key with its vendor first; one that fails is saved only if the user says so.
 */
@Component({
  selector: 'wbx-api-key-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatButtonModule, TranslatePipe],
  templateUrl: './api-key-form.html',
  styleUrl: '../styles/section.scss',
  styles: `
    :host {
      padding: 0;
      border: 0;
      background: none;
    }
    .check-failed {
      display: flex;
      flex-direction: column;
      gap: 4px;
      margin-bottom: 12px;
    }
    .reason {
      overflow-wrap: anywhere;
    }
    .verifying {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ApiKeyForm {
  /** Where the key goes: the user's own keys (profile) or the workspace's (admin). */
  readonly save = input.required<(body: CreateOwnApiKeyDto) => Observable<ApiKeyDto>>();
  readonly created = output<ApiKeyDto>();
  /** The last attempt's key failed its check: the form offers to save it anyway. */
  protected readonly failedCheck = signal<FailedCheck | null>(null);

  protected readonly providers = PROVIDERS;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    provider: ['openai' as Provider, [Validators.required]],
    label: ['', [Validators.maxLength(100)]],
    key: ['', [Validators.required, Validators.minLength(8), Validators.maxLength(1000)]],
    baseUrl: ['', [Validators.pattern(URL_PATTERN), Validators.maxLength(500)]],
    accountId: ['', [Validators.maxLength(200)]],
  });
  protected readonly provider = toSignal(this.form.controls.provider.valueChanges, { initialValue: this.form.controls.provider.value });
  protected readonly submission = new FormSubmission();

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.form.controls.provider.valueChanges.pipe(takeUntilDestroyed(destroyRef)).subscribe((provider) => this.applyProviderRules(provider));
    // Another key or provider: the failed check was about the previous one.
    this.form.valueChanges.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => this.failedCheck.set(null));
  }

  protected providerName(provider: Provider): MessageKey {
    return `provider.${provider}`;
  }

  /** `saveIfFailing`: the user confirmed a key that failed its check. */
  protected submit(formDirective: FormGroupDirective, saveIfFailing = false): void {
    this.submission.submit(this.form, () => this.save()(this.toRequest(saveIfFailing)), {
      messageWithFieldErrors: true,
      saved: (apiKey) => {
        formDirective.resetForm({ provider: this.form.controls.provider.value, label: '', key: '', baseUrl: '', accountId: '' });
        this.failedCheck.set(null);
        this.created.emit(apiKey);
      },
      refused: (problem) => {
        if (problem.code !== 'API_KEY_REJECTED' && problem.code !== 'API_KEY_CHECK_FAILED') return;
        // Said in the form's own words below, with the vendor's reason and the choice to save anyway.
        this.submission.error.set(null);
        this.form.controls.key.setErrors(null);
        this.failedCheck.set({ rejected: problem.code === 'API_KEY_REJECTED', reason: problem.fieldErrors['key'] ?? null });
      },
    });
  }

  private toRequest(saveIfFailing: boolean): CreateOwnApiKeyDto {
    const { provider, label, key, baseUrl, accountId } = this.form.getRawValue();
    const request: CreateOwnApiKeyDto = { provider, key: key.trim(), ...(saveIfFailing ? { saveIfFailing } : {}) };
    if (label.trim()) request.label = label.trim();
    if (baseUrl.trim()) request.baseUrl = baseUrl.trim();
    if (provider === 'twilio' && accountId.trim()) request.accountId = accountId.trim();
    return request;
  }

  private applyProviderRules(provider: Provider): void {
    const { baseUrl, accountId } = this.form.controls;
    baseUrl.setValidators([Validators.pattern(URL_PATTERN), Validators.maxLength(500), ...(provider === 'openai-compatible' ? [Validators.required] : [])]);
    accountId.setValidators([Validators.maxLength(200), ...(provider === 'twilio' ? [Validators.required] : [])]);
    baseUrl.updateValueAndValidity();
    accountId.updateValueAndValidity();
  }
}
