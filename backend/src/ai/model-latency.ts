import { Injectable } from '@nestjs/common';

/** Weight of the newest reply in the running average. */
const NEWEST = 0.3;

/**
 * How long each model's recent replies took, per process. Starting twelve vendor requests costs a
 * few milliseconds of CPU each on one thread, so a multi-model turn starts the models expected to
 * take longest first: the turn then ends about when its slowest model would have alone, instead
 * of that model waiting behind the dispatch of eleven others.
 */
@Injectable()
export class ModelLatency {
  private readonly averages = new Map<string, number>();

  record(modelId: string, durationMs: number): void {
    const previous = this.averages.get(modelId);
    this.averages.set(modelId, previous === undefined ? durationMs : previous * (1 - NEWEST) + durationMs * NEWEST);
  }

  /** Milliseconds; a model never seen counts as the slowest, so it is not started last. */
  expected(modelId: string): number {
    return this.averages.get(modelId) ?? Number.POSITIVE_INFINITY;
  }

  /** The items in the order to start them: longest expected reply first (ties keep their order). */
  slowestFirst<T>(items: readonly T[], modelOf: (item: T) => string): T[] {
    return [...items].sort((a, b) => {
      const [x, y] = [this.expected(modelOf(b)), this.expected(modelOf(a))];
      return x === y ? 0 : x > y ? 1 : -1;
    });
  }
}
