import { ChangeDetectionStrategy, Component, DestroyRef, inject, output } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { ApiKeyDto, CreateApiKeyDto } from '../../api/models';
import { FormSubmission } from '../../core/http/form-submission';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { PROVIDERS, type Provider } from './api-key-providers';
import { ProfileStore } from './profile.store';

const URL_PATTERN = /^https?:\/\/\S+$/i;

/**
 * Adds a provider key. The base URL is required for OpenAI-compatible servers, the Account SID
 * for Twilio. The key is sent once and the field is cleared: it is never shown again.
 */
@Component({
  selector: 'wbx-api-key-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatButtonModule, TranslatePipe],
  templateUrl: './api-key-form.html',
  styleUrl: '../../shared/styles/section.scss',
  styles: ':host { padding: 0; border: 0; background: none; }',
})
export class ApiKeyForm {
  private readonly store = inject(ProfileStore);

  readonly created = output<ApiKeyDto>();

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
    this.form.controls.provider.valueChanges.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe((provider) => this.applyProviderRules(provider));
  }

  protected providerName(provider: Provider): MessageKey {
    return `provider.${provider}`;
  }

  protected submit(formDirective: FormGroupDirective): void {
    this.submission.submit(this.form, () => this.store.createApiKey(this.toRequest()), {
      messageWithFieldErrors: true,
      saved: (apiKey) => {
        formDirective.resetForm({ provider: this.form.controls.provider.value, label: '', key: '', baseUrl: '', accountId: '' });
        this.created.emit(apiKey);
      },
    });
  }

  private toRequest(): CreateApiKeyDto {
    const { provider, label, key, baseUrl, accountId } = this.form.getRawValue();
    const request: CreateApiKeyDto = { provider, key: key.trim() };
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
