import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { FormBuilder, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { CreateSharedMcpServerDto, McpServerDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { applyFieldErrors } from '../../core/http/form-errors';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { McpServersStore } from './mcp-servers.store';

const URL_PATTERN = /^https?:\/\/\S+$/i;
export const MAX_MCP_NAME = 80;
export const MAX_MCP_URL = 2000;
export const MAX_MCP_TOKEN = 4000;

/**
 * Adds an MCP server (Streamable HTTP): name, URL and an optional bearer token, sent once and
 * never shown again. The server connects before saving: a refused address comes back under the
 * URL field. For an admin, the server is shared and can be allow-listed (reached without the
 * SSRF guard). stdio servers are not offered: the API does not say whether they are enabled.
 */
@Component({
  selector: 'wbx-mcp-server-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, TranslatePipe],
  template: `
    <h3>{{ (admin ? 'mcp.add.sharedTitle' : 'mcp.add.title') | t }}</h3>
    @if (error(); as message) {
      <div class="wbx-error-banner" role="alert" data-testid="mcp-form-error">{{ message }}</div>
    }
    <form [formGroup]="form" (ngSubmit)="submit(formDirective)" #formDirective="ngForm" novalidate data-testid="mcp-form">
      <div class="row">
        <mat-form-field appearance="outline">
          <mat-label>{{ 'mcp.name' | t }}</mat-label>
          <input matInput formControlName="name" name="mcpName" autocomplete="off" required data-testid="mcp-name" />
          @let name = form.controls.name;
          @if (name.hasError('server')) {
            <mat-error>{{ name.getError('server') }}</mat-error>
          } @else if (name.hasError('required')) {
            <mat-error>{{ 'validation.required' | t }}</mat-error>
          } @else if (name.hasError('maxlength')) {
            <mat-error>{{ 'validation.maxLength' | t: { max: maxName } }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline" class="url" subscriptSizing="dynamic">
          <mat-label>{{ 'mcp.url' | t }}</mat-label>
          <input matInput type="url" formControlName="url" name="mcpUrl" autocomplete="off" required placeholder="https://mcp.example.com/mcp" data-testid="mcp-url" />
          @let url = form.controls.url;
          @if (url.hasError('server')) {
            <mat-error data-testid="mcp-url-error">{{ url.getError('server') }}</mat-error>
          } @else if (url.hasError('required')) {
            <mat-error>{{ 'validation.required' | t }}</mat-error>
          } @else if (url.hasError('pattern') || url.hasError('maxlength')) {
            <mat-error>{{ 'validation.url' | t }}</mat-error>
          }
        </mat-form-field>
      </div>
      <div class="row">
        <mat-form-field appearance="outline">
          <mat-label>{{ 'mcp.token' | t }} ({{ 'common.optional' | t }})</mat-label>
          <input matInput type="password" formControlName="token" name="mcpToken" autocomplete="off" data-testid="mcp-token" />
          <mat-hint>{{ 'mcp.tokenHint' | t }}</mat-hint>
          @let token = form.controls.token;
          @if (token.hasError('server')) {
            <mat-error>{{ token.getError('server') }}</mat-error>
          } @else if (token.hasError('maxlength')) {
            <mat-error>{{ 'validation.maxLength' | t: { max: maxToken } }}</mat-error>
          }
        </mat-form-field>
        @if (admin) {
          <div class="allowlist">
            <mat-checkbox formControlName="allowlisted" data-testid="mcp-allowlisted">{{ 'mcp.allowlisted' | t }}</mat-checkbox>
            <p class="hint">{{ 'mcp.allowlistedHint' | t }}</p>
          </div>
        }
      </div>
      <div class="actions">
        <button mat-flat-button type="submit" [disabled]="submitting()" data-testid="mcp-submit">
          {{ (submitting() ? 'mcp.add.checking' : 'mcp.add.submit') | t }}
        </button>
      </div>
    </form>
  `,
  styleUrl: './profile-section.scss',
  styles: `
    :host {
      padding: 0;
      border: 0;
      background: none;
    }
    .row > mat-form-field.url {
      flex: 2 1 320px;
      max-width: 600px;
    }
    .allowlist {
      flex: 1 1 240px;
      padding-top: 8px;
      .hint {
        margin: 0 0 0 40px;
        font: var(--mat-sys-body-small);
        color: var(--mat-sys-on-surface-variant);
      }
    }
    .actions {
      margin-top: 8px;
    }
  `,
})
export class McpServerForm {
  private readonly store = inject(McpServersStore);
  private readonly i18n = inject(I18nService);

  readonly created = output<McpServerDto>();

  protected readonly admin = this.store.scope === 'admin';
  protected readonly maxName = MAX_MCP_NAME;
  protected readonly maxToken = MAX_MCP_TOKEN;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: ['', [Validators.required, Validators.maxLength(MAX_MCP_NAME)]],
    url: ['', [Validators.required, Validators.pattern(URL_PATTERN), Validators.maxLength(MAX_MCP_URL)]],
    token: ['', [Validators.maxLength(MAX_MCP_TOKEN)]],
    allowlisted: [false],
  });
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected submit(formDirective: FormGroupDirective): void {
    if (this.submitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { name, url, token, allowlisted } = this.form.getRawValue();
    const body: CreateSharedMcpServerDto = { name: name.trim(), url: url.trim() };
    if (token.trim()) body.token = token.trim();
    if (this.admin) body.allowlisted = allowlisted;
    this.submitting.set(true);
    this.error.set(null);
    this.store.create(body).subscribe({
      next: (server) => {
        formDirective.resetForm({ name: '', url: '', token: '', allowlisted: false });
        this.submitting.set(false);
        this.created.emit(server);
      },
      error: (error: unknown) => {
        const problem = toApiProblem(error);
        // Field errors (such as the SSRF guard's refusal of the URL) go under their field; the rest above the form.
        if (!applyFieldErrors(this.form, problem)) this.error.set(problem.message ?? this.i18n.t(problem.status === 0 ? 'common.networkError' : 'common.unexpectedError'));
        this.submitting.set(false);
      },
    });
  }
}
