import { Logger } from '@nestjs/common';
import type { ToolCall, ToolSpec } from '../../ai/capabilities';
import { jsonSummary, type Tool, type ToolContext, type ToolOutput, type ToolSummaryKey, type ToolSummaryParams } from './tool';
import { redactUrlsIn } from '../../common/redact';
import { argumentValidator } from './tool-arguments';

/** What the model reads of one tool result at most. */
export const MAX_TOOL_CONTENT_CHARS = 20_000;
const MAX_SUMMARY_CHARS = 300;

/** One call's outcome: what the model reads, what the user sees, and what it made. */
export interface ToolRunResult {
  callId: string;
  name: string;
  /** Fed to the model (for a failure: what went wrong, so it can retry or explain). */
  content: string;
  /** The one line shown in the chat's tool step. */
  summary: string;
  /** The same line from the dashboard's dictionary (built-in tools that succeeded). */
  summaryKey?: ToolSummaryKey;
  params?: ToolSummaryParams;
  /** Set when the call failed; the same words the model reads. */
  error?: string;
  durationMs: number;
  mediaFileIds?: string[];
  jobIds?: string[];
}

/** The tools of one chat turn, ready to run. */
export interface Toolbox {
  /** What the model is offered. */
  specs: ToolSpec[];
  /** Chosen tools that could not be offered this turn, and why. */
  unavailable: Array<{ tool: string; reason: string }>;
  /** Never throws: every failure is a result with `error`. */
  run(call: ToolCall, context: ToolContext): Promise<ToolRunResult>;
  /** Ends what the turn opened (MCP connections). */
  close(): Promise<void>;
}

export interface ToolboxOptions {
  /** Each call's limit, unless the tool sets its own (AppConfig.toolTimeoutMs). */
  timeoutMs: number;
  close?: () => Promise<void>;
  logger?: Logger;
}

/**
 * Runs the model's calls: checks the arguments against the tool's schema, gives the tool a signal
 * that aborts when the turn stops or the time is up, caps what comes back, and turns every failure
 * into a result the model can read. Arguments are never logged: they may hold what a user typed.
 */
export class ToolRunner implements Toolbox {
  readonly specs: ToolSpec[];
  private readonly tools: Map<string, Tool>;
  private closed?: Promise<void>;

  constructor(
    tools: readonly Tool[],
    readonly unavailable: Toolbox['unavailable'],
    private readonly options: ToolboxOptions,
  ) {
    this.tools = new Map(tools.map((tool) => [tool.name, tool]));
    this.specs = tools.map(({ name, description, parameters }) => ({ name, description, parameters }));
  }

  async run(call: ToolCall, context: ToolContext): Promise<ToolRunResult> {
    const started = performance.now();
    const finish = (output: ToolOutput, error?: string): ToolRunResult => ({
      callId: call.id,
      name: call.name,
      content: capped(output.content),
      summary: oneLine(output.summary),
      ...(output.summaryKey && error === undefined ? { summaryKey: output.summaryKey, params: output.params ?? {} } : {}),
      ...(error !== undefined ? { error } : {}),
      durationMs: Math.round(performance.now() - started),
      ...(output.mediaFileIds?.length ? { mediaFileIds: output.mediaFileIds } : {}),
      ...(output.jobIds?.length ? { jobIds: output.jobIds } : {}),
    });
    const fail = (message: string) => {
      const result = finish({ content: `Error: ${message}`, summary: message }, message);
      this.options.logger?.warn(`Tool ${call.name} (call ${call.id}) failed after ${result.durationMs} ms: ${redactUrlsIn(message)}`);
      return result;
    };

    const tool = this.tools.get(call.name);
    if (!tool) return fail(`Unknown tool "${call.name}". The tools available are: ${[...this.tools.keys()].join(', ') || 'none'}.`);
    if (call.invalidArguments !== undefined) {
      return fail(`The arguments for ${call.name} were not a JSON object (${preview(call.invalidArguments)}). Call it again with a JSON object matching its parameters.`);
    }
    const problems = argumentValidator(tool)(call.arguments);
    if (problems.length) return fail(`Invalid arguments for ${call.name}: ${problems.join('; ')}. Call it again with arguments matching its parameters.`);

    const timeoutMs = tool.timeoutMs ?? this.options.timeoutMs;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error(`${call.name} timed out after ${seconds(timeoutMs)}`)), timeoutMs);
    const signal = AbortSignal.any([context.signal, timeout.signal]);
    try {
      const output = await untilAborted(tool.run(call.arguments, { ...context, signal }), signal);
      return finish(output);
    } catch (error) {
      if (timeout.signal.aborted) return fail(`${call.name} timed out after ${seconds(timeoutMs)}`);
      if (context.signal.aborted) return fail(`${call.name} was stopped: the turn ended`);
      return fail(messageOf(error));
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    this.closed ??= (this.options.close?.() ?? Promise.resolve()).catch((error: unknown) => this.options.logger?.warn(`Closing the tools of a turn failed: ${redactUrlsIn(messageOf(error))}`));
    return this.closed;
  }
}

/** A tool that ignores its signal still stops counting: the turn goes on without its late answer. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : 'the tool failed';
}

function capped(content: string): string {
  const text = typeof content === 'string' ? content : String(content);
  if (text.length <= MAX_TOOL_CONTENT_CHARS) return text;
  return `${text.slice(0, MAX_TOOL_CONTENT_CHARS)}\n[... cut: ${text.length - MAX_TOOL_CONTENT_CHARS} more characters not shown]`;
}

/** A summary on one line, cut; a JSON summary that fits is kept whole (compact), for the dashboard's card. */
function oneLine(summary: string): string {
  const json = jsonSummary(summary);
  if (json) return json;
  const line = String(summary ?? '').replace(/\s+/g, ' ').trim();
  return line.length > MAX_SUMMARY_CHARS ? `${line.slice(0, MAX_SUMMARY_CHARS - 1)}…` : line;
}

function preview(text: string): string {
  return text.length > 200 ? `${JSON.stringify(text.slice(0, 200))}…` : JSON.stringify(text);
}

const seconds = (ms: number) => `${ms / 1000} s`;
