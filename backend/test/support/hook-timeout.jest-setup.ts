/**
 * A test's budget is 30 s, but a `beforeAll` that starts an application (PGlite from a dump,
 * migrations, seeds, the emulator) can take longer on a loaded machine without anything being
 * wrong: seen as whole files failing on "Exceeded timeout of 30000 ms for a hook". Hooks without
 * a timeout of their own get two minutes; tests keep 30 s.
 */
const HOOK_TIMEOUT_MS = 120_000;

const withTimeout =
  (hook: jest.Lifecycle): jest.Lifecycle =>
  (fn, timeout) =>
    hook(fn, timeout ?? HOOK_TIMEOUT_MS);

globalThis.beforeAll = withTimeout(globalThis.beforeAll);
globalThis.afterAll = withTimeout(globalThis.afterAll);
