import { ChangeDetectionStrategy, Component, computed, inject, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormBuilder, FormGroupDirective, ReactiveFormsModule, type ValidatorFn, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import type { CreateSharedMcpServerDto, McpServerDto } from '../../api/models';
import { FormSubmission } from '../../core/http/form-submission';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { McpServersStore } from './mcp-servers.store';

const URL_PATTERN = /^https?:\/\/\S+$/i;
export const MAX_MCP_NAME = 80;
export const MAX_MCP_URL = 2000;
export const MAX_MCP_TOKEN = 4000;
export const MAX_MCP_COMMAND = 500;
export const MAX_MCP_ARGS = 50;
export const MAX_MCP_ARG = 1000;

type McpTransport = NonNullable<CreateSharedMcpServerDto['transport']>;

/** The arguments typed one per line; surrounding spaces and blank lines are dropped. */
export function toArgs(lines: string): string[] {
  return lines
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

const argsWithinLimits: ValidatorFn = (control) => {
  const args = toArgs(control.value as string);
  if (args.length > MAX_MCP_ARGS) return { maxArgs: true };
  return args.some((arg) => arg.length > MAX_MCP_ARG) ? { maxArgLength: true } : null;
};

/**
 * Adds an MCP server (Streamable HTTP): name, URL and an optional bearer token, sent once and
 * never shown again. The server connects before saving: a refused address comes back under the
 * URL field. For an admin, the server is shared and can be allow-listed (reached without the
 * SSRF guard); when the operator allows stdio servers (the store's settings), an admin may
 * instead give a command for Webox to start, with its arguments one per line.
 */
@Component({
  selector: 'wbx-mcp-server-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatButtonToggleModule, MatCheckboxModule, MatFormFieldModule, MatIconModule, MatInputModule, TranslatePipe],
  templateUrl: './mcp-server-form.html',
  styleUrls: ['../styles/section.scss', './mcp-server-form.scss'],
})
export class McpServerForm {
  private readonly store = inject(McpServersStore);

  readonly created = output<McpServerDto>();

  protected readonly admin = this.store.scope === 'admin';
  /** Only an admin, and only when the operator allows them, may add stdio servers. */
  protected readonly stdioEnabled = computed(() => this.admin && this.store.settings()?.stdioEnabled === true);
  protected readonly stdioOff = computed(() => this.admin && this.store.settings()?.stdioEnabled === false);
  protected readonly maxName = MAX_MCP_NAME;
  protected readonly maxToken = MAX_MCP_TOKEN;
  protected readonly maxCommand = MAX_MCP_COMMAND;
  protected readonly maxArgs = MAX_MCP_ARGS;
  protected readonly maxArg = MAX_MCP_ARG;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    transport: ['http' as McpTransport],
    name: ['', [Validators.required, Validators.maxLength(MAX_MCP_NAME)]],
    url: ['', [Validators.required, Validators.pattern(URL_PATTERN), Validators.maxLength(MAX_MCP_URL)]],
    token: ['', [Validators.maxLength(MAX_MCP_TOKEN)]],
    allowlisted: [false],
    // Enabled with the stdio transport, so the hidden fields never block the form.
    command: [{ value: '', disabled: true }, [Validators.required, Validators.maxLength(MAX_MCP_COMMAND)]],
    args: [{ value: '', disabled: true }, [argsWithinLimits]],
  });
  protected readonly transport = signal<McpTransport>('http');
  protected readonly submission = new FormSubmission();

  constructor() {
    this.form.controls.transport.valueChanges.pipe(takeUntilDestroyed()).subscribe((transport) => this.useTransport(transport));
  }

  /** Field errors (such as the SSRF guard's refusal of the URL) go under their field; the rest above the form. */
  protected submit(formDirective: FormGroupDirective): void {
    const { transport, name, url, token, allowlisted, command, args } = this.form.getRawValue();
    this.submission.submit(
      this.form,
      () => {
        const body: CreateSharedMcpServerDto =
          transport === 'stdio' ? { name: name.trim(), transport, command: command.trim(), args: toArgs(args) } : { name: name.trim(), url: url.trim() };
        if (transport === 'http' && token.trim()) body.token = token.trim();
        if (transport === 'http' && this.admin) body.allowlisted = allowlisted;
        return this.store.create(body);
      },
      {
        saved: (server) => {
          // The transport stays as chosen, for the next server of the same kind.
          formDirective.resetForm({ transport, name: '', url: '', token: '', allowlisted: false, command: '', args: '' });
          this.created.emit(server);
        },
      },
    );
  }

  /** Shows, and validates, only the fields of the chosen transport. */
  private useTransport(transport: McpTransport): void {
    this.transport.set(transport);
    const stdio = transport === 'stdio';
    for (const control of [this.form.controls.url, this.form.controls.token, this.form.controls.allowlisted]) {
      if (stdio) control.disable();
      else control.enable();
    }
    for (const control of [this.form.controls.command, this.form.controls.args]) {
      if (stdio) control.enable();
      else control.disable();
    }
  }
}
