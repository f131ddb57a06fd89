/**
 * Offline speech and the event loop (issue 31, item 2): how long the main thread is blocked while
 * meSpeak speaks a phone answer, on the main thread (as before) and through the synthesis thread
 * (`speakOffline`, as now). A 1 ms timer runs meanwhile; its longest gap is the longest time any
 * other request of the process would have waited.
 *
 *   npx ts-node --transpile-only -P backend/tsconfig.json backend/bench/offline-speech.bench.ts [--rounds 10]
 */
import { performance } from 'node:perf_hooks';
import { speakOffline } from '../src/ai/adapters/local-speech';
import { parseFlags } from './support/run-guard';
import { distribution, ms, table } from './support/stats';

interface MeSpeak {
  loadConfig(config: unknown): void;
  loadVoice(voice: unknown): void;
  speak(text: string, options: Record<string, unknown>): ArrayBuffer | null;
}

const SENTENCES = {
  greeting: 'Hello, you are through to the Webox bistro. How can I help?',
  answer: 'We open at noon tomorrow and serve lunch until half past two. A table for four is no problem; would you like me to take your name and a phone number for the booking?',
};

/** Runs `work` with a 1 ms timer beside it: the work's own time and the timer's longest gap. */
async function measure(work: () => Promise<unknown> | unknown): Promise<{ took: number; longestGap: number }> {
  let last = performance.now();
  let longestGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, 5));
  last = performance.now();
  const started = performance.now();
  await work();
  const took = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(timer);
  return { took, longestGap };
}

async function main(): Promise<void> {
  const { int } = parseFlags(process.argv.slice(2));
  const rounds = int('rounds', 10, 1, 1000);
  const warn = console.warn;
  console.warn = () => undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const meSpeak = require('mespeak') as MeSpeak;
  console.warn = warn;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  meSpeak.loadConfig(require('mespeak/src/mespeak_config.json'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  meSpeak.loadVoice(require('mespeak/voices/en/en-us.json'));
  await speakOffline('Warm up.', 'neutral', 'en');

  const rows: string[][] = [];
  for (const [name, text] of Object.entries(SENTENCES)) {
    const before: { took: number; longestGap: number }[] = [];
    const after: { took: number; longestGap: number }[] = [];
    // Alternating, so a change in the machine's load falls on both.
    for (let i = 0; i < rounds; i++) {
      before.push(await measure(() => meSpeak.speak(text, { rawdata: 'buffer', voice: 'en/en-us', variant: 'm3', pitch: 45, speed: 165 })));
      after.push(await measure(() => speakOffline(text, 'neutral', 'en')));
    }
    for (const [how, samples] of [['main thread (before)', before], ['synthesis thread (now)', after]] as const) {
      const took = distribution(samples.map((sample) => sample.took));
      const gap = distribution(samples.map((sample) => sample.longestGap));
      rows.push([name, `${text.length}`, how, ms(took.p50), ms(gap.p50), ms(gap.max)]);
    }
  }
  console.log(table(['sentence', 'chars', 'where', 'synthesis p50 ms', 'event loop blocked p50 ms', 'blocked max ms'], rows));
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
