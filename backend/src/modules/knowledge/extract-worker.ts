import { Worker } from 'node:worker_threads';
import type { TextSection } from './chunk';
import type { ZipMember } from './zip-bounds';

export interface WorkerLimits {
  timeoutMs: number;
  /** V8 heap of the thread; buffers live outside it, which is why DOCX members are inflated under a byte cap first. */
  heapMb: number;
  /** What a DOCX's members may inflate to, all together. */
  maxExpandedBytes: number;
}

export const EXTRACTION_LIMITS: WorkerLimits = { timeoutMs: 30_000, heapMb: 256, maxExpandedBytes: 50 * 1024 * 1024 };

/**
 * Runs in the worker thread (plain JavaScript: it is evaluated, not compiled). A DOCX's members are
 * first inflated one by one under `maxOutputLength` (what remains of the cap): an archive whose
 * directory lies about its sizes still stops at the cap, without holding more than it in memory.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { inflateRawSync } = require('node:zlib');
const { kind, members, limits } = workerData;
const data = Buffer.from(workerData.data.buffer, workerData.data.byteOffset, workerData.data.byteLength);

function checkInflatedSizes() {
  let budget = limits.maxExpandedBytes;
  for (const member of members) {
    const at = member.localHeaderOffset;
    if (data.readUInt32LE(at) !== 0x04034b50) throw new Error('its ZIP directory is damaged');
    const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28);
    const body = data.subarray(start, start + member.compressedSize);
    let size = body.length;
    if (member.method === 8) {
      try {
        size = inflateRawSync(body, { maxOutputLength: budget + 1 }).length;
      } catch (error) {
        if (error && error.code === 'ERR_BUFFER_TOO_LARGE') size = budget + 1;
        else throw new Error('a part of it is damaged (' + (error && error.message) + ')');
      }
    }
    if (size > budget) throw new Error('it expands to more than the ' + Math.round(limits.maxExpandedBytes / 1048576) + ' MB a document may hold (a zip bomb)');
    budget -= size;
  }
}

async function extract() {
  if (kind === 'docx') {
    checkInflatedSizes();
    const mammoth = require(workerData.modules.mammoth);
    const { value } = await mammoth.extractRawText({ buffer: data });
    return [{ page: null, text: value }];
  }
  const { extractText, getDocumentProxy } = require(workerData.modules.unpdf);
  // pdf.js takes ownership of the array it is given; verbosity 0 keeps its warnings about damaged files out of the logs.
  const document = await getDocumentProxy(new Uint8Array(data), { verbosity: 0 });
  try {
    const { text } = await extractText(document, { mergePages: false });
    return text.map((pageText, index) => ({ page: index + 1, text: pageText }));
  } finally {
    await document.destroy();
  }
}

extract().then(
  (sections) => parentPort.postMessage({ sections }),
  (error) => parentPort.postMessage({ error: error && error.message ? String(error.message) : String(error) }),
);
`;

/**
 * Reads a PDF or DOCX in a worker thread of its own, with a small heap and a time limit: a
 * malformed or hostile file costs that thread, never the event loop every request shares. The
 * thread is ended after each file (success, failure, timeout), so nothing it held survives.
 */
export function extractInWorker(kind: 'pdf' | 'docx', data: Buffer, members: ZipMember[] = [], limits: WorkerLimits = EXTRACTION_LIMITS): Promise<TextSection[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { kind, data: new Uint8Array(data), members, limits, modules: { mammoth: require.resolve('mammoth'), unpdf: require.resolve('unpdf') } },
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      action();
    };
    const timer = setTimeout(() => settle(() => reject(new Error(`reading it took longer than ${limits.timeoutMs / 1000} s and was stopped`))), limits.timeoutMs);
    worker.once('message', (message: { sections?: TextSection[]; error?: string }) => settle(() => (message.error !== undefined ? reject(new Error(message.error)) : resolve(message.sections ?? []))));
    worker.once('error', (error: Error & { code?: string }) => settle(() => reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new Error('reading it needs too much memory and was stopped') : error)));
    worker.once('exit', () => settle(() => reject(new Error('the reader stopped unexpectedly'))));
  });
}
