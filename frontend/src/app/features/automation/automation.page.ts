import { Clipboard } from '@angular/cdk/clipboard';
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { DeliveryDto, HookCallDto, HookDto, PipedreamStatusDto, PipedreamWorkflowDto, TriggerDto, WorkflowDto } from '../../api/models';
import { AutomationService, CombinationsService } from '../../api/services';
import { toApiProblem } from '../../core/http/api-error';
import { problemMessage } from '../../core/http/problem-message';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { confirmAction } from '../../shared/confirm-dialog/confirm-dialog';
import { curlExample, exampleInputs, hookUrl, pipedreamExample } from './automation-examples';
import { HelpLink } from '../../shared/help-link/help-link';

/** A secret the server answered once (at creation or rotation), shown until dismissed. */
interface ShownSecret {
  kind: 'trigger' | 'hook';
  id: string;
  secret: string;
}

/**
 * `/automation`: triggers (my URLs that receive my events, signed) with their delivery logs and a
 * test button; hooks (URLs that run one of my saved workflows) with ready `curl` and Pipedream
 * examples; Pipedream: connect an OAuth client and project (checked by the server), see its status,
 * disconnect, list the project's workflows (deployed triggers) with their trigger URLs, deploy one.
 */
@Component({
  selector: 'wbx-automation-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HelpLink, DatePipe, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, MatSlideToggleModule, TranslatePipe],
  templateUrl: './automation.page.html',
  styleUrl: './automation.page.scss',
})
export default class AutomationPage {
  private readonly api = inject(AutomationService);
  private readonly combinations = inject(CombinationsService);
  private readonly i18n = inject(I18nService);
  private readonly clipboard = inject(Clipboard);
  private readonly snackBar = inject(MatSnackBar);
  private readonly dialog = inject(MatDialog);

  protected readonly events = signal<string[]>([]);
  protected readonly triggers = signal<TriggerDto[]>([]);
  protected readonly hooks = signal<HookDto[]>([]);
  protected readonly workflows = signal<WorkflowDto[]>([]);
  protected readonly state = signal<'loading' | 'ready' | 'failed'>('loading');
  protected readonly secret = signal<ShownSecret | null>(null);
  /** The trigger whose deliveries are open, and them. */
  protected readonly openTrigger = signal<string | null>(null);
  protected readonly deliveries = signal<DeliveryDto[]>([]);
  protected readonly openHook = signal<string | null>(null);
  protected readonly calls = signal<HookCallDto[]>([]);

  protected readonly triggerForm = signal({ name: '', url: '', events: [] as string[] });
  protected readonly hookForm = signal({ name: '', workflowId: '' });
  protected readonly busy = signal(false);
  protected readonly pipedreamStatus = signal<PipedreamStatusDto | null>(null);
  protected readonly pipedreamWorkflows = signal<PipedreamWorkflowDto[]>([]);
  /** The workflows could not be read (Pipedream's error, said in the page). */
  protected readonly pipedreamProblem = signal<string | null>(null);
  protected readonly pipedreamForm = signal({ clientId: '', clientSecret: '', projectId: '', environment: 'production' as 'production' | 'development' });
  protected readonly pipedreamWorkflowName = signal('');
  protected readonly origin = globalThis.location?.origin ?? '';
  protected readonly workflowName = computed(() => new Map(this.workflows().map((workflow) => [workflow.id, workflow.name])));

  constructor() {
    this.load();
  }

  protected load(): void {
    this.state.set('loading');
    let pending = 4;
    const done = () => --pending === 0 && this.state() !== 'failed' && this.state.set('ready');
    const failed = () => this.state.set('failed');
    this.api.listAutomationEvents().subscribe({ next: (answer) => (this.events.set(answer.events), done()), error: failed });
    this.api.listTriggers().subscribe({ next: (rows) => (this.triggers.set(rows), done()), error: failed });
    this.api.listHooks().subscribe({ next: (rows) => (this.hooks.set(rows), done()), error: failed });
    this.combinations.listWorkflows({ limit: 100 }).subscribe({ next: (page) => (this.workflows.set(page.items), done()), error: failed });
    this.loadPipedream();
  }

  /** The connection, then (when connected) its workflows; a Pipedream error shows in its card, not as a page failure. */
  protected loadPipedream(): void {
    this.api.pipedreamStatus().subscribe({
      next: (status) => {
        this.pipedreamStatus.set(status);
        if (status.connected) this.loadPipedreamWorkflows();
        else this.pipedreamWorkflows.set([]);
      },
      error: (error) => this.pipedreamProblem.set(problemMessage(this.i18n, toApiProblem(error))),
    });
  }

  private loadPipedreamWorkflows(): void {
    this.pipedreamProblem.set(null);
    this.api.listPipedreamWorkflows().subscribe({
      next: (rows) => this.pipedreamWorkflows.set(rows),
      error: (error) => this.pipedreamProblem.set(problemMessage(this.i18n, toApiProblem(error))),
    });
  }

  protected patchPipedreamForm(changes: Partial<{ clientId: string; clientSecret: string; projectId: string; environment: 'production' | 'development' }>): void {
    this.pipedreamForm.update((form) => ({ ...form, ...changes }));
  }

  protected connectPipedream(): void {
    const form = this.pipedreamForm();
    this.busy.set(true);
    this.api.connectPipedream({ body: { clientId: form.clientId, clientSecret: form.clientSecret, projectId: form.projectId, environment: form.environment } }).subscribe({
      next: (status) => {
        this.pipedreamStatus.set(status);
        // The secret leaves the page once the server has it.
        this.pipedreamForm.set({ clientId: '', clientSecret: '', projectId: '', environment: 'production' });
        this.busy.set(false);
        this.loadPipedreamWorkflows();
      },
      error: (error) => this.fail(error),
    });
  }

  protected disconnectPipedream(): void {
    const project = this.pipedreamStatus()?.projectId ?? '';
    this.confirm('automation.pipedream.confirmDisconnect', project, 'automation.pipedream.disconnect', () =>
      this.api.disconnectPipedream().subscribe({
        next: () => {
          this.pipedreamStatus.set({ connected: false, clientId: null, projectId: null, environment: null, checkedAt: null, externalUserId: null });
          this.pipedreamWorkflows.set([]);
          this.pipedreamProblem.set(null);
        },
        error: (error) => this.fail(error),
      }),
    );
  }

  protected createPipedreamWorkflow(): void {
    this.busy.set(true);
    this.api.createPipedreamWorkflow({ body: { name: this.pipedreamWorkflowName() } }).subscribe({
      next: (created) => {
        this.pipedreamWorkflows.update((rows) => [...rows, created]);
        this.pipedreamWorkflowName.set('');
        this.busy.set(false);
      },
      error: (error) => this.fail(error),
    });
  }

  protected pipedreamKindKey(kind: PipedreamWorkflowDto['kind']): MessageKey {
    return `automation.pipedream.kind.${kind}`;
  }

  protected eventKey(name: string): MessageKey {
    return `automation.event.${name}` as MessageKey;
  }

  protected eventLabel(name: string): string {
    const key = this.eventKey(name);
    return this.i18n.has(key) ? this.i18n.t(key) : name;
  }

  protected patchTriggerForm(changes: Partial<{ name: string; url: string; events: string[] }>): void {
    this.triggerForm.update((form) => ({ ...form, ...changes }));
  }

  protected patchHookForm(changes: Partial<{ name: string; workflowId: string }>): void {
    this.hookForm.update((form) => ({ ...form, ...changes }));
  }

  protected createTrigger(): void {
    const form = this.triggerForm();
    this.busy.set(true);
    this.api.createTrigger({ body: { name: form.name, url: form.url, events: form.events } }).subscribe({
      next: (created) => {
        const { secret, ...trigger } = created;
        this.triggers.update((rows) => [...rows, trigger]);
        this.secret.set({ kind: 'trigger', id: created.id, secret });
        this.triggerForm.set({ name: '', url: '', events: [] });
        this.busy.set(false);
      },
      error: (error) => this.fail(error),
    });
  }

  protected toggleTrigger(trigger: TriggerDto, enabled: boolean): void {
    this.api.updateTrigger({ id: trigger.id, body: { enabled } }).subscribe({ next: (row) => this.replaceTrigger(row), error: (error) => this.fail(error) });
  }

  protected rotateTrigger(trigger: TriggerDto): void {
    this.api.rotateTriggerSecret({ id: trigger.id }).subscribe({ next: (row) => this.secret.set({ kind: 'trigger', id: row.id, secret: row.secret }), error: (error) => this.fail(error) });
  }

  protected deleteTrigger(trigger: TriggerDto): void {
    this.confirm('automation.trigger.confirmDelete', trigger.name, 'common.delete', () =>
      this.api.deleteTrigger({ id: trigger.id }).subscribe({ next: () => this.triggers.update((rows) => rows.filter((row) => row.id !== trigger.id)), error: (error) => this.fail(error) }),
    );
  }

  protected sendTest(trigger: TriggerDto): void {
    this.api.testTrigger({ id: trigger.id }).subscribe({
      next: () => {
        this.snackBar.open(this.i18n.t('automation.trigger.testQueued'), undefined, { duration: 3000 });
        this.showDeliveries(trigger.id, true);
      },
      error: (error) => this.fail(error),
    });
  }

  /** Opens (or refreshes) a trigger's delivery log; closes it when asked again. */
  protected showDeliveries(triggerId: string, refresh = false): void {
    if (!refresh && this.openTrigger() === triggerId) {
      this.openTrigger.set(null);
      return;
    }
    this.openTrigger.set(triggerId);
    this.api.listTriggerDeliveries({ id: triggerId, limit: 20 }).subscribe({ next: (page) => this.deliveries.set(page.items), error: (error) => this.fail(error) });
  }

  protected redeliver(delivery: DeliveryDto): void {
    this.api.redeliver({ id: delivery.id }).subscribe({ next: () => this.showDeliveries(delivery.triggerId, true), error: (error) => this.fail(error) });
  }

  protected createHook(): void {
    const form = this.hookForm();
    this.busy.set(true);
    this.api.createHook({ body: { name: form.name, workflowId: form.workflowId } }).subscribe({
      next: (created) => {
        const { secret, ...hook } = created;
        this.hooks.update((rows) => [...rows, hook]);
        this.secret.set({ kind: 'hook', id: created.id, secret });
        this.hookForm.set({ name: '', workflowId: '' });
        this.busy.set(false);
      },
      error: (error) => this.fail(error),
    });
  }

  protected rotateHook(hook: HookDto): void {
    this.api.rotateHookSecret({ id: hook.id }).subscribe({ next: (row) => this.secret.set({ kind: 'hook', id: row.id, secret: row.secret }), error: (error) => this.fail(error) });
  }

  protected revokeHook(hook: HookDto): void {
    this.confirm('automation.hook.confirmRevoke', hook.name, 'automation.hook.revoke', () =>
      this.api.revokeHook({ id: hook.id }).subscribe({ next: (row) => this.hooks.update((rows) => rows.map((one) => (one.id === row.id ? row : one))), error: (error) => this.fail(error) }),
    );
  }

  protected deleteHook(hook: HookDto): void {
    this.confirm('automation.hook.confirmDelete', hook.name, 'common.delete', () =>
      this.api.deleteHook({ id: hook.id }).subscribe({ next: () => this.hooks.update((rows) => rows.filter((row) => row.id !== hook.id)), error: (error) => this.fail(error) }),
    );
  }

  protected showCalls(hookId: string): void {
    if (this.openHook() === hookId) {
      this.openHook.set(null);
      return;
    }
    this.openHook.set(hookId);
    this.api.listHookCalls({ id: hookId, limit: 20 }).subscribe({ next: (page) => this.calls.set(page.items), error: (error) => this.fail(error) });
  }

  protected url(hook: HookDto): string {
    return hookUrl(this.origin, hook.id);
  }

  private body(hook: HookDto): Record<string, string | number> {
    return exampleInputs(this.workflows().find((workflow) => workflow.id === hook.workflowId)?.inputs ?? []);
  }

  /** The secret is in the example only while it is shown. */
  protected curl(hook: HookDto): string {
    const shown = this.secret();
    return curlExample(this.url(hook), shown?.kind === 'hook' && shown.id === hook.id ? shown.secret : null, this.body(hook));
  }

  protected pipedream(hook: HookDto): string {
    return pipedreamExample(this.url(hook), this.body(hook));
  }

  protected copy(text: string): void {
    const copied = this.clipboard.copy(text);
    this.snackBar.open(this.i18n.t(copied ? 'automation.copied' : 'automation.copyFailed'), undefined, { duration: 3000 });
  }

  protected statusKey(status: DeliveryDto['status']): MessageKey {
    return `automation.delivery.status.${status}`;
  }

  private replaceTrigger(row: TriggerDto): void {
    this.triggers.update((rows) => rows.map((one) => (one.id === row.id ? row : one)));
  }

  private confirm(message: MessageKey, name: string, action: MessageKey, then: () => void): void {
    confirmAction(this.dialog, { title: name, message: this.i18n.t(message, { name }), confirm: this.i18n.t(action), cancel: this.i18n.t('common.cancel') }).subscribe((yes) => yes && then());
  }

  private fail(error: unknown): void {
    this.busy.set(false);
    this.snackBar.open(problemMessage(this.i18n, toApiProblem(error)), undefined, { duration: 6000 });
  }
}
