import { Worker } from 'node:worker_threads';
import { ProviderError } from '../provider-error';

/** The offline voices: a language's eSpeak voice with a timbre. */
export const LOCAL_VOICES: Record<string, { variant: string; pitch: number; speed: number }> = {
  neutral: { variant: 'm3', pitch: 45, speed: 165 },
  warm: { variant: 'm1', pitch: 35, speed: 150 },
  bright: { variant: 'f2', pitch: 60, speed: 170 },
  calm: { variant: 'f4', pitch: 50, speed: 140 },
};

const VOICE_OF_LANGUAGE: Record<string, string> = {
  en: 'en/en-us', fr: 'fr', de: 'de', es: 'es', it: 'it', pt: 'pt', nl: 'nl', pl: 'pl', sv: 'sv', fi: 'fi', hu: 'hu', cs: 'cs', el: 'el', ca: 'ca', tr: 'tr', zh: 'zh', la: 'la', eo: 'eo',
};

/**
 * The synthesis thread's code. meSpeak is eSpeak compiled to JavaScript: offline speech with no
 * binary to install, but each sentence is tens to hundreds of milliseconds of CPU. On the main
 * thread that blocked every other request (a Twilio webhook, a chat stream) while it spoke, so it
 * runs in a worker thread. Plain CommonJS given as a string (`eval`), so the same code runs from
 * the build, from ts-node and under Jest; modules are required by the absolute paths the main
 * thread resolved. meSpeak prints a banner on load: kept out of the logs.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const warn = console.warn;
const log = console.log;
console.warn = () => undefined;
console.log = () => undefined;
let meSpeak;
try {
  meSpeak = require(workerData.mespeak);
  meSpeak.loadConfig(require(workerData.config));
} finally {
  console.warn = warn;
  console.log = log;
}
parentPort.postMessage({ ready: true });
const loaded = new Set();
parentPort.on('message', (job) => {
  try {
    if (!loaded.has(job.voiceFile)) {
      meSpeak.loadVoice(require(job.voicePath));
      loaded.add(job.voiceFile);
    }
    const audio = meSpeak.speak(job.text, { rawdata: 'buffer', voice: job.voiceFile, variant: job.variant, pitch: job.pitch, speed: job.speed });
    if (!audio) parentPort.postMessage({ id: job.id, error: 'the offline voice produced no audio' });
    else parentPort.postMessage({ id: job.id, audio: new Uint8Array(audio) });
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String((error && error.message) || error) });
  }
});
`;

interface Pending {
  resolve: (audio: Buffer) => void;
  reject: (error: Error) => void;
}

type Answer = { ready: true } | { id: number; audio: Uint8Array; error?: undefined } | { id: number; error: string };

/** One synthesis thread for the process, started on first use (eSpeak's data is a few MB of its heap), and started again if it dies. */
class SpeechThread {
  private worker: Worker | undefined;
  /** Settles once the thread has loaded meSpeak (seconds on a busy machine, once per process). */
  private ready: Promise<void> = Promise.resolve();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /**
   * A request's signal bounds its synthesis, not the thread's one-time start: the first request
   * waits for meSpeak to load whatever its time limit (as it did on the main thread), so a busy
   * machine's slow start does not turn the first sentence into a failure.
   */
  async speak(job: { text: string; voiceFile: string; variant: string; pitch: number; speed: number }, signal?: AbortSignal): Promise<Buffer> {
    if (signal?.aborted) throw aborted();
    const worker = this.start();
    await this.ready;
    if (this.worker !== worker) throw new ProviderError('local', 'unknown', 'Local (offline): the speech thread could not start');
    if (signal?.aborted) throw aborted();
    const id = this.nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      // A cancelled request stops waiting at once; the thread finishes that sentence and the answer is dropped.
      const onAbort = () => {
        this.pending.delete(id);
        reject(aborted());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (audio) => {
          settle();
          resolve(audio);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      // Only the thread's own work keeps the process alive, not an idle thread.
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, ...job, voicePath: require.resolve(`mespeak/voices/${job.voiceFile}.json`) });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { mespeak: require.resolve('mespeak'), config: require.resolve('mespeak/src/mespeak_config.json') },
    });
    let started: () => void = () => undefined;
    this.ready = new Promise<void>((resolve) => (started = resolve));
    worker.on('message', (answer: Answer) => {
      if ('ready' in answer) {
        // Ref'd while it starts (someone waits for it), then only while it has work.
        if (!this.pending.size) worker.unref();
        return started();
      }
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if (!this.pending.size) worker.unref();
      if (!waiting) return;
      if (answer.error !== undefined) waiting.reject(new ProviderError('local', 'unknown', `Local (offline): ${answer.error}`));
      else waiting.resolve(Buffer.from(answer.audio.buffer, answer.audio.byteOffset, answer.audio.byteLength));
    });
    const fail = (error: Error) => {
      started();
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const waiting of this.pending.values()) waiting.reject(new ProviderError('local', 'unknown', `Local (offline): the speech thread stopped (${error.message})`));
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }
}

const aborted = () => new ProviderError('local', 'aborted', 'Local (offline): cancelled');

const thread = new SpeechThread();

/** Speaks text as a WAV file (eSpeak's own 22 kHz output), in the synthesis thread: the event loop stays free meanwhile. */
export function speakOffline(text: string, voice: string, language = 'en', signal?: AbortSignal): Promise<Buffer> {
  const timbre = LOCAL_VOICES[voice] ?? LOCAL_VOICES['neutral']!;
  const voiceFile = VOICE_OF_LANGUAGE[language.slice(0, 2).toLowerCase()] ?? VOICE_OF_LANGUAGE['en']!;
  return thread.speak({ text, voiceFile, variant: timbre.variant, pitch: timbre.pitch, speed: timbre.speed }, signal);
}
