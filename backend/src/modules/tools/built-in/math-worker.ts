import { Worker } from 'node:worker_threads';

/** The mathjs functions an expression must not reach (the mathjs security guide's list, and their kin). */
export const DISABLED_MATH_FUNCTIONS = [
  'import',
  'createUnit',
  'evaluate',
  'parse',
  'parser',
  'compile',
  'simplify',
  'simplifyConstant',
  'simplifyCore',
  'derivative',
  'rationalize',
  'resolve',
  'reviver',
  'replacer',
  'leafCount',
  'symbolicEqual',
] as const;

/**
 * Runs in the worker thread (plain JavaScript: it is evaluated, not compiled). mathjs is an
 * interpreter, never `eval`; the functions that could reach beyond arithmetic are replaced by
 * ones that throw, as the mathjs security guide says. Each expression gets a fresh scope.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { create, all } = require(workerData.mathjs);
const math = create(all);
const evaluate = math.evaluate;
const format = math.format;
const isResultSet = math.isResultSet;
math.import(Object.fromEntries(workerData.disabled.map((name) => [name, () => { throw new Error('Function ' + name + ' is disabled'); }])), { override: true });
parentPort.on('message', (expression) => {
  try {
    let value = evaluate(expression, new Map());
    if (isResultSet(value)) value = value.entries[value.entries.length - 1];
    parentPort.postMessage({ result: format(value, { precision: 14 }) });
  } catch (error) {
    parentPort.postMessage({ error: error && error.message ? String(error.message) : String(error) });
  }
});
parentPort.postMessage({ ready: true });
`;

/** How long one expression may compute. */
const EVALUATION_MS = 3_000;
/** Loading mathjs in a fresh thread, on a busy machine. */
const START_MS = 30_000;

/**
 * mathjs evaluated in a worker thread with its own small heap: an expression that builds a huge
 * matrix or computes for minutes (`zeros(1e5, 1e5)`, `factorial(bignumber(1e7))`) is stopped, and
 * the thread replaced, instead of taking the whole server down. Expressions run one at a time.
 */
export class MathWorker {
  private worker: Worker | undefined;
  private ready: Promise<Worker> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  evaluate(expression: string, signal: AbortSignal): Promise<string> {
    const run = this.queue.then(() => this.runOne(expression, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (worker) await worker.terminate();
  }

  private start(): Promise<Worker> {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { mathjs: require.resolve('mathjs'), disabled: DISABLED_MATH_FUNCTIONS },
      resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    });
    worker.unref();
    this.worker = worker;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('The calculator did not start')), START_MS);
      const fail = (error: Error) => {
        clearTimeout(timer);
        if (this.worker === worker) void this.stop();
        reject(error);
      };
      worker.once('message', () => {
        clearTimeout(timer);
        worker.off('error', fail);
        resolve(worker);
      });
      worker.once('error', fail);
    });
  }

  private async runOne(expression: string, signal: AbortSignal): Promise<string> {
    signal.throwIfAborted();
    this.ready ??= this.start();
    const worker = await this.ready;
    return new Promise<string>((resolve, reject) => {
      const settle = (action: () => void) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        action();
      };
      // A runaway expression cannot be interrupted inside the thread: the thread goes, a new one comes next time.
      const kill = (error: unknown) => {
        void this.stop();
        settle(() => reject(error));
      };
      const onMessage = (message: { result?: string; error?: string }) => settle(() => (message.error !== undefined ? reject(new Error(message.error)) : resolve(message.result ?? '')));
      const onError = (error: Error & { code?: string }) => kill(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new Error('The calculation needs too much memory and was stopped') : error);
      const onExit = () => kill(new Error('The calculator stopped unexpectedly'));
      const onAbort = () => kill(signal.reason);
      const timer = setTimeout(() => kill(new Error(`The calculation took longer than ${EVALUATION_MS / 1000} s and was stopped`)), EVALUATION_MS);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      signal.addEventListener('abort', onAbort, { once: true });
      worker.postMessage(expression);
    });
  }
}
