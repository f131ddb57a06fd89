import type { EmulatedPrediction } from './provider-emulator.types';

const FINAL = new Set<EmulatedPrediction['status']>(['succeeded', 'failed', 'canceled']);

export interface NewPrediction {
  model: string;
  version?: string;
  input: Record<string, unknown>;
  checksToEnd: number;
  error?: string;
  outputIsList: boolean;
}

/**
 * The Replicate predictions the emulator runs. They move on when they are looked at, not with time:
 * created `starting`, `processing` on each status check until the one that ends them, so a test
 * decides exactly how many polls a run takes.
 */
export class PredictionStore {
  private readonly entries = new Map<string, EmulatedPrediction>();
  private created = 0;

  get all(): readonly EmulatedPrediction[] {
    return [...this.entries.values()];
  }

  get(id: string): EmulatedPrediction | undefined {
    return this.entries.get(id);
  }

  /** `outputUrls` receives the new id, since the URLs of its files name it. */
  create(spec: NewPrediction, outputUrls: (id: string) => string[]): EmulatedPrediction {
    const id = `emupred${String(++this.created).padStart(4, '0')}`;
    const prediction: EmulatedPrediction = { id, ...spec, status: 'starting', outputUrls: outputUrls(id), checks: 0, createdAt: Date.now() };
    this.entries.set(id, prediction);
    if (spec.checksToEnd <= 0) this.end(prediction);
    return prediction;
  }

  /** One status check: the prediction moves on (a finished one stays as it is). */
  check(prediction: EmulatedPrediction): void {
    if (FINAL.has(prediction.status)) return;
    prediction.checks += 1;
    if (prediction.checks >= prediction.checksToEnd) this.end(prediction);
    else prediction.status = 'processing';
  }

  /** Ends it at once, as `Prefer: wait` (sync mode) does. */
  end(prediction: EmulatedPrediction): void {
    if (FINAL.has(prediction.status)) return;
    prediction.status = prediction.error === undefined ? 'succeeded' : 'failed';
    prediction.completedAt = Date.now();
  }

  /** Cancelling a finished prediction changes nothing, as on Replicate. */
  cancel(prediction: EmulatedPrediction): void {
    if (FINAL.has(prediction.status)) return;
    prediction.status = 'canceled';
    prediction.canceledAt = prediction.completedAt = Date.now();
  }

  clear(): void {
    this.entries.clear();
  }
}
