#!/usr/bin/env node
// The whole test suite, as README and CI run it: build, lint, backend unit tests, API end-to-end
// tests on PostgreSQL + Redis and on the embedded defaults, frontend unit tests (Vitest) and
// browser tests (Playwright in Chromium). Ends with one line of totals: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { missingPrerequisites } from './test-prerequisites.mjs';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, 'tmp', 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const serverEnv = {
  TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  TEST_REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
};

// Before anything runs: a machine without Chromium, PostgreSQL or Redis gets one message naming
// what is missing and the command that fixes it, not a hundred failing tests.
const missing = await missingPrerequisites(serverEnv);
if (missing.length) {
  console.log(`\nnpm test cannot run on this machine yet. Missing:\n${missing.map((line) => `  - ${line}`).join('\n')}\n\nOr run \`bash .ci/run\` as root: it installs and starts all of them, then runs npm test.\n`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  process.stdout.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  return { ok: result.status === 0, output: `${result.stdout}\n${result.stderr}`, seconds: Math.round((Date.now() - started) / 1000) };
}

function record(label, counts, seconds, ranOk) {
  // A runner that failed without reporting a failed test (crash, compile error) still fails the run.
  if (!ranOk && counts.failed === 0) counts.failed = 1;
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped ?? 0;
  lines.push(`${label.padEnd(32)} ${String(counts.passed).padStart(4)} passed ${String(counts.failed).padStart(3)} failed ${String(counts.skipped ?? 0).padStart(3)} skipped  ${seconds}s`);
}

function check(label, command, args) {
  const { ok, seconds } = run(label, command, args);
  record(label, { passed: ok ? 1 : 0, failed: ok ? 0 : 1 }, seconds, ok);
  return ok;
}

function jest(label, config, env = {}) {
  const file = join(results, `${label}.json`);
  const { ok, seconds } = run(label, 'npx', ['jest', '-c', config, '--json', `--outputFile=${file}`], env);
  const report = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0 };
  record(label, { passed: report.numPassedTests, failed: report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0), skipped: report.numPendingTests }, seconds, ok);
}

function vitest(label, args) {
  const { ok, output, seconds } = run(label, 'npx', args, { CI: 'true', NO_COLOR: '1' });
  const summary = output.replace(/\x1b\[[0-9;]*m/g, '').match(/Tests\s+(.*)\(\d+\)/);
  const count = (word) => Number(summary?.[1].match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
  record(label, { passed: count('passed'), failed: count('failed'), skipped: count('skipped') }, seconds, ok);
}

function playwright(label, args) {
  const file = join(results, `${label}.json`);
  const { ok, seconds } = run(label, 'npx', args, { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
  const stats = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).stats : { expected: 0, unexpected: 0, flaky: 0, skipped: 0 };
  record(label, { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped }, seconds, ok);
}

const built = check('build', 'npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static']);
check('lint', 'npx', ['nx', 'run-many', '-t', 'lint', '--outputStyle=static']);
// PGlite and unpdf's PDF.js load ES modules dynamically, which Jest's sandbox allows only with this flag.
const esm = { NODE_OPTIONS: '--experimental-vm-modules --no-warnings=ExperimentalWarning' };
jest('backend-unit', 'backend/jest.config.js', esm);
jest('backend-e2e-postgres-redis', 'backend/test/jest-e2e.config.js', { WEBOX_TEST_MODE: 'server', ...serverEnv, ...esm });
jest('backend-e2e-embedded', 'backend/test/jest-e2e.config.js', { WEBOX_TEST_MODE: 'embedded', ...esm });
vitest('frontend-unit', ['nx', 'run', 'frontend:test', '--outputStyle=static', '--skip-nx-cache']);
if (built) playwright('frontend-e2e', ['nx', 'run', 'frontend:e2e', '--outputStyle=static', '--skip-nx-cache']);
else record('frontend-e2e (not run: build failed)', { passed: 0, failed: 1 }, 0, false);

console.log('\n=== Summary');
for (const line of lines) console.log(line);
if (totals.skipped) console.log(`(${totals.skipped} skipped)`);
// The last line, alone: what CI reads.
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
