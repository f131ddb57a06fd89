import type { Behaviour, RecordedRequest, RequestMatch, ResolvedBehaviour, ScriptedBehaviour } from './provider-emulator.types';

const BUILT_IN: ResolvedBehaviour = { firstTokenDelayMs: 0, tokensPerSecond: 0, embeddingDimensions: 1536 };

/** Overlays the defined fields of `layer` on `base`: an unset field never hides a lower layer's value. */
function overlay(base: ResolvedBehaviour, layer: Behaviour | undefined): ResolvedBehaviour {
  const defined = Object.entries(layer ?? {}).filter(([key, value]) => value !== undefined && key !== 'match');
  return { ...base, ...Object.fromEntries(defined) };
}

function matches(match: RequestMatch | undefined, request: RecordedRequest): boolean {
  if ((match?.kind ?? 'chat') !== request.kind) return false;
  if (match?.vendor && match.vendor !== request.vendor) return false;
  if (match?.model === undefined) return true;
  return typeof match.model === 'string' ? match.model === request.model : match.model.test(request.model ?? '');
}

/**
 * Decides the knobs for a request, lowest layer first: built-in defaults, the server-wide behaviour,
 * the first matching scripted entry (consumed), then the request's `x-emulator-scenario` header.
 */
export class BehaviourResolver {
  private serverWide: Behaviour;
  private readonly queue: ScriptedBehaviour[] = [];

  constructor(private readonly initial: Behaviour = {}) {
    this.serverWide = initial;
  }

  setServerWide(behaviour: Behaviour): void {
    this.serverWide = behaviour;
  }

  enqueue(entries: ScriptedBehaviour[]): void {
    this.queue.push(...entries);
  }

  get pending(): readonly ScriptedBehaviour[] {
    return this.queue;
  }

  reset(): void {
    this.serverWide = this.initial;
    this.queue.length = 0;
  }

  resolve(request: RecordedRequest, header: Behaviour | undefined): ResolvedBehaviour {
    const position = this.queue.findIndex((entry) => matches(entry.match, request));
    const [scripted] = position >= 0 ? this.queue.splice(position, 1) : [];
    return overlay(overlay(overlay(BUILT_IN, this.serverWide), scripted), header);
  }
}
