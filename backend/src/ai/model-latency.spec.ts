import { ModelLatency } from './model-latency';

describe('ModelLatency', () => {
  it('starts the models expected to take longest first, unknown ones before any known one', () => {
    const latency = new ModelLatency();
    latency.record('fast', 100);
    latency.record('slow', 700);
    latency.record('medium', 300);
    expect(latency.slowestFirst(['fast', 'medium', 'new', 'slow'], (id) => id)).toEqual(['new', 'slow', 'medium', 'fast']);
  });

  it('follows a model whose replies get slower, without forgetting at once', () => {
    const latency = new ModelLatency();
    latency.record('a', 100);
    latency.record('a', 1000);
    expect(latency.expected('a')).toBeCloseTo(370);
    latency.record('b', 400);
    expect(latency.slowestFirst(['b', 'a'], (id) => id)).toEqual(['b', 'a']);
  });
});
