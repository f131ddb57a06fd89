import { runInThisContext } from 'node:vm';

/**
 * Jest runs each test file in a VM context, and Node keeps undici's global dispatcher on the real
 * global object only. `@google/genai` looks the dispatcher up on `globalThis` and fails with "Undici
 * globalDispatcher is not available" without it. This links the sandbox to the real one; import it from a
 * spec (or list it in Jest `setupFiles`). Outside Jest it changes nothing.
 */
const DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const realGlobal = runInThisContext('globalThis') as typeof globalThis & Record<symbol, unknown>;

if (realGlobal !== globalThis && !(DISPATCHER in globalThis)) {
  // Touching Headers in the real realm makes Node load undici, which installs the dispatcher.
  new realGlobal.Headers();
  Object.defineProperty(globalThis, DISPATCHER, { configurable: true, get: () => realGlobal[DISPATCHER] });
}
