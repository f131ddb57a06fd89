/**
 * Standalone emulator for manual runs, e2e and benchmarks: `npm run emulator` (EMULATOR_PORT, default 4010;
 * EMULATOR_API_KEY, default test-key). Drive it from another process through `/_emulator/*` (see README.md).
 */
import { startProviderEmulator } from './index';

async function main(): Promise<void> {
  const port = Number(process.env['EMULATOR_PORT'] ?? 4010);
  const apiKeys = (process.env['EMULATOR_API_KEY'] ?? 'test-key').split(',').map((key) => key.trim()).filter(Boolean);
  const emulator = await startProviderEmulator({ port, host: process.env['EMULATOR_HOST'] ?? '127.0.0.1', apiKeys, onLog: (line) => console.log(line) });
  console.log(`Provider emulator listening on ${emulator.url} (accepted key: ${apiKeys.join(', ')})`);
  console.log(`  OpenAI     baseURL ${emulator.openaiBaseUrl}`);
  console.log(`  Anthropic  baseURL ${emulator.anthropicBaseUrl}`);
  console.log(`  Gemini     httpOptions.baseUrl ${emulator.geminiBaseUrl}`);
  console.log(`  Replicate  baseUrl ${emulator.replicateBaseUrl}`);
  console.log(`  ElevenLabs baseUrl ${emulator.elevenlabsBaseUrl}`);
  console.log(`  Control    ${emulator.url}/_emulator/{requests,predictions,behaviour,script,reset}`);
  const stop = (): void => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
