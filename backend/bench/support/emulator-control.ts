import { join } from 'node:path';
import type { Behaviour, RecordedRequest, ScriptedBehaviour } from '../../test/support/provider-emulator';
import { BenchChild, freePort, waitUntilServing } from './child-process';

/** Scripted entries as JSON: `match.model` must be a string over HTTP. */
export type ScriptEntry = Omit<ScriptedBehaviour, 'match' | 'reply'> & { reply?: string; match?: { vendor?: 'openai' | 'anthropic' | 'gemini'; model?: string } };

/** Drives the standalone emulator (its own process) through `/_emulator/*`; see the emulator's README. */
export class EmulatorControl {
  constructor(readonly url: string) {}

  get openaiBaseUrl(): string {
    return `${this.url}/v1`;
  }

  /** Anthropic and Gemini SDKs take the root URL. */
  get rootUrl(): string {
    return this.url;
  }

  async reset(): Promise<void> {
    await this.call('POST', 'reset');
  }

  async setBehaviour(behaviour: Omit<Behaviour, 'reply'> & { reply?: string }): Promise<void> {
    await this.call('PUT', 'behaviour', behaviour);
  }

  /** Queues one-shot behaviours; returns how many are pending afterwards. */
  async script(entries: ScriptEntry[]): Promise<number> {
    const answer = (await this.call('POST', 'script', entries)) as { pending: number };
    return answer.pending;
  }

  async requests(): Promise<RecordedRequest[]> {
    return (await this.call('GET', 'requests')) as RecordedRequest[];
  }

  private async call(method: string, action: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}/_emulator/${action}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`emulator ${method} ${action} answered ${response.status}: ${text}`);
    return JSON.parse(text) as unknown;
  }
}

/** The benchmark tags every message `[b:<tag>]`, so an emulator record can be matched to the request that caused it. */
export const tagged = (tag: string, text: string) => `${text} [b:${tag}]`;

export function tagOf(record: RecordedRequest): string | undefined {
  for (const message of record.messages) {
    const found = /\[b:([^\]]+)\]/.exec(message.text);
    if (found) return found[1];
  }
  return undefined;
}

/** Emulator records by tag (and by vendor model, for fan-out turns where twelve records share one tag). */
export function indexRecords(records: RecordedRequest[]): Map<string, RecordedRequest> {
  const index = new Map<string, RecordedRequest>();
  for (const record of records) {
    const tag = tagOf(record);
    if (tag && record.kind === 'chat') index.set(`${tag}|${record.model ?? ''}`, record);
  }
  return index;
}

/** Starts the provider emulator in its own process on a free loopback port, its log in `tempDir`. */
export async function startEmulator(root: string, tempDir: string, apiKey: string): Promise<{ child: BenchChild; control: EmulatorControl }> {
  const port = await freePort();
  const tsNode = require.resolve('ts-node/dist/bin.js', { paths: [root] });
  const child = BenchChild.start('provider emulator', process.execPath, [tsNode, '--transpile-only', '-P', 'backend/tsconfig.json', 'backend/test/support/provider-emulator/cli.ts'], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'production', EMULATOR_PORT: String(port), EMULATOR_HOST: '127.0.0.1', EMULATOR_API_KEY: apiKey },
    logFile: join(tempDir, 'emulator.log'),
  });
  const control = new EmulatorControl(`http://127.0.0.1:${port}`);
  await waitUntilServing(`${control.url}/_emulator/health`, child, 60_000);
  return { child, control };
}
