import { isUUID } from 'class-validator';
import { Injectable } from '@nestjs/common';
import { addUsage, runAgentLoop } from '../../../ai/agent-loop';
import type { ChatMessage, TokenUsage } from '../../../ai/capabilities';
import { mergeThread, type MergeSource } from '../../../ai/merge-answers';
import { ProviderRegistry } from '../../../ai/provider-registry';
import { UsageService } from '../../../ai/usage.service';
import type { AuthUser } from '../../../common/auth.decorators';
import { AppConfig } from '../../../config/app-config';
import { safeFetch } from '../../../outbound/ssrf';
import type { JobContext } from '../../../queue/jobs.service';
import { AgentsService } from '../../agents/agents.service';
import { GenerationService } from '../../generation/generation.service';
import { ToolRegistry } from '../../tools/tool-registry';
import { ToolsService } from '../../tools/tools.service';
import { applyTransform } from './transform';
import type { WorkflowStep } from './workflow-definition';

/** What an `http` step reads at most: a bigger answer fails the step. */
export const HTTP_STEP_MAX_BYTES = 1024 * 1024;

/** The tool a `pipedream` step runs (registered by the automation area). */
export const PIPEDREAM_TOOL = 'run_pipedream_workflow';

/** What one step runs with. */
export interface StepRun {
  user: AuthUser;
  /** The run's job: its signal aborts on cancel; media steps make their files inside it. */
  job: JobContext;
  signal: AbortSignal;
  /** Where a media step's file is kept (the same key made again replaces the file). */
  outputKey: string;
  /** The step's main template, rendered (prompt, text to speak, transform source, URL). */
  input: string;
  /** `settings.systemPrompt` rendered. */
  system?: string;
  /** http: the rendered headers and body. */
  http?: { url: string; headers: Record<string, string>; body?: string };
  /** merge: the outputs it merges, labelled. */
  sources?: MergeSource[];
  /** Streamed text as it arrives (text, agent, merge). */
  onText(text: string): void;
}

export interface StepOutcome {
  output: string;
  model?: string;
  usage?: TokenUsage;
  costUsd: number;
  mediaFileIds?: string[];
}

/** Raised when a step's work failed for a reason the user should read (it fails the run). */
export class StepFailure extends Error {
  override readonly name = 'StepFailure';
}

/**
 * How each kind of step does its work, through the layers that already do it elsewhere: chat models
 * through the provider registry (usage recorded in the ledger like chat), agents through the agent
 * loop with their tools, `http` through the outbound guard.
 */
@Injectable()
export class StepExecutors {
  constructor(
    private readonly registry: ProviderRegistry,
    private readonly usage: UsageService,
    private readonly agents: AgentsService,
    private readonly tools: ToolsService,
    private readonly generation: GenerationService,
    private readonly config: AppConfig,
    private readonly toolRegistry: ToolRegistry,
  ) {}

  async run(step: WorkflowStep, run: StepRun): Promise<StepOutcome> {
    switch (step.kind) {
      case 'text':
        return this.chat(step, run, [...(run.system?.trim() ? [{ role: 'system' as const, content: run.system }] : []), { role: 'user', content: run.input }]);
      case 'merge':
        return this.chat(step, run, mergeThread(run.input, run.sources ?? []));
      case 'agent':
        return this.agent(step, run);
      case 'http':
        return this.http(step, run);
      case 'pipedream':
        return this.pipedream(run);
      case 'transform':
        return { output: applyTransform(step.transform!, run.input), costUsd: 0 };
      case 'image':
      case 'speech':
      case 'video':
        return this.media(step, run);
    }
  }

  /** Through the generation area's service, inside the run's job: the file lands in the media library; the output is its id. */
  private async media(step: WorkflowStep, run: StepRun): Promise<StepOutcome> {
    if (!run.input.trim()) throw new StepFailure(`The ${step.kind === 'speech' ? 'text to speak' : 'prompt'} rendered empty`);
    let costUsd = 0;
    // The step's own cost: the runner adds it to the run and the job once.
    const job: JobContext = { ...run.job, addCost: async (usd) => void (costUsd += usd) };
    const settings = step.settings ?? {};
    const common = { outputKey: run.outputKey, model: step.model!, prompt: run.input };
    const made = await this.generation.makeInJob(
      run.user,
      job,
      step.kind === 'image'
        ? { ...common, kind: 'image', ...(settings.size ? { size: settings.size } : {}) }
        : step.kind === 'speech'
          ? { ...common, kind: 'speech', ...(settings.voice ? { voice: settings.voice } : {}) }
          : { ...common, kind: 'video', ...(settings.durationSeconds ? { durationSeconds: settings.durationSeconds } : {}), ...(settings.aspectRatio ? { aspectRatio: settings.aspectRatio } : {}) },
    );
    return { output: made.fileId, model: made.model, costUsd, mediaFileIds: [made.fileId] };
  }

  private async chat(step: WorkflowStep, run: StepRun, messages: ChatMessage[]): Promise<StepOutcome> {
    const session = await this.registry.openChat(run.user.id, step.model!);
    let output = '';
    let usage: TokenUsage | undefined;
    const sampling = { ...(step.settings?.temperature !== undefined ? { temperature: step.settings.temperature } : {}), ...(step.settings?.maxOutputTokens ? { maxOutputTokens: step.settings.maxOutputTokens } : {}) };
    for await (const chunk of session.stream({ messages, ...sampling }, run.signal)) {
      if (chunk.type === 'text') {
        output += chunk.text;
        run.onText(chunk.text);
      } else if (chunk.type === 'usage') usage = addUsage(usage, chunk.usage);
    }
    const costUsd = usage ? await this.usage.record(run.user.id, 'combinations', session.model, usage) : 0;
    return { output: output.trim(), model: session.model.id, ...(usage ? { usage } : {}), costUsd };
  }

  private async agent(step: WorkflowStep, run: StepRun): Promise<StepOutcome> {
    const ref = step.agent!;
    const { agent, context } = await this.agents.contextFor(run.user, isUUID(ref) ? { agentId: ref.toLowerCase() } : { agentType: ref });
    const session = await this.registry.openChat(run.user.id, step.model ?? agent.defaultModel);
    const settings = context.toolSettings;
    const toolbox = await this.tools.open(run.user, settings?.tools ?? [], run.signal);
    let output = '';
    let usage: TokenUsage | undefined;
    let cited = 0;
    try {
      const thread: ChatMessage[] = [{ role: 'system', content: context.instructions }, { role: 'user', content: run.input }];
      const loop = runAgentLoop(
        session,
        thread,
        {
          tools: toolbox,
          maxSteps: settings?.maxSteps ?? 0,
          maxCallsPerRound: this.config.toolCallsPerRound,
          ...(settings ? { timeLimitMs: settings.timeLimitSeconds * 1000 } : {}),
          sampling: { temperature: step.settings?.temperature ?? context.temperature, ...(step.settings?.maxOutputTokens ? { maxOutputTokens: step.settings.maxOutputTokens } : {}) },
          context: { user: run.user, collectionIds: settings?.collectionIds ?? [], cite: () => ++cited },
        },
        run.signal,
      );
      for await (const chunk of loop) {
        if (chunk.type === 'text') {
          output += chunk.text;
          run.onText(chunk.text);
        } else if (chunk.type === 'usage') usage = addUsage(usage, chunk.usage);
        else if (chunk.type === 'note') run.onText(`\n[${chunk.text}]\n`);
      }
    } finally {
      await toolbox.close();
    }
    const costUsd = usage ? await this.usage.record(run.user.id, 'combinations', session.model, usage) : 0;
    return { output: output.trim(), model: session.model.id, ...(usage ? { usage } : {}), costUsd };
  }

  /**
   * Through the tool registry (DESIGN §9): the automation area registers `run_pipedream_workflow`, so
   * this engine knows the tool's name and arguments, not the area; without that area the step fails.
   */
  private async pipedream(run: StepRun): Promise<StepOutcome> {
    const tool = this.toolRegistry.get(PIPEDREAM_TOOL);
    if (!tool) throw new StepFailure('Pipedream steps need the automation area, which is not running here');
    const text = run.http?.body?.trim() || '{}';
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new StepFailure(`The Pipedream body rendered is not JSON: ${text.slice(0, 200)}`);
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new StepFailure('The Pipedream body must render to a JSON object');
    try {
      const result = await tool.run({ workflow: run.input.trim(), body }, { user: run.user, signal: run.signal, collectionIds: [], cite: () => 0 });
      return { output: result.content, costUsd: 0 };
    } catch (error) {
      throw new StepFailure(error instanceof Error ? error.message : String(error));
    }
  }

  /** Through the same guard as every user-aimed request: private, loopback, link-local and metadata targets refused, redirects and DNS included. */
  private async http(step: WorkflowStep, run: StepRun): Promise<StepOutcome> {
    const request = run.http!;
    const fetched = await safeFetch(request.url.trim(), {
      method: step.http?.method ?? 'GET',
      headers: request.headers,
      ...(request.body !== undefined && step.http?.method !== 'GET' ? { body: request.body } : {}),
      timeoutMs: this.config.combinationHttpTimeoutMs,
      maxBytes: HTTP_STEP_MAX_BYTES,
      allowlist: this.config.fetchAllowlist,
      signal: run.signal,
    });
    if (fetched.truncated) throw new StepFailure(`${fetched.url} answered more than 1 MB; an http step reads at most 1 MB`);
    if (fetched.status < 200 || fetched.status > 299) throw new StepFailure(`${fetched.url} answered ${fetched.status}${fetched.statusText ? ` ${fetched.statusText}` : ''}`);
    return { output: fetched.body.toString('utf8'), costUsd: 0 };
  }
}
