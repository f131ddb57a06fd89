import ffmpeg from 'fluent-ffmpeg';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * ffmpeg and ffprobe come from npm packages that ship static binaries (installed with the
 * project, never downloaded at run time). One place sets them for every fluent-ffmpeg command.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ffmpegPath = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ffprobePath = (require('@ffprobe-installer/ffprobe') as { path: string }).path;
ffmpeg.setFfmpegPath(ffmpegPath);
ffmpeg.setFfprobePath(ffprobePath);

export { ffmpeg };

export interface MediaProbe {
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  hasVideo: boolean;
  hasAudio: boolean;
  videoCodec: string | null;
  audioCodec: string | null;
}

/**
 * How long ffprobe and ffmpeg may run. An upload or a vendor's file can make either hang (a stalled
 * or endless input) or work for ever; a killed process fails its job with a clear reason instead
 * of holding a worker. Set once at start-up from the configuration (RenderingModule).
 */
export interface FfmpegLimits {
  probeTimeoutMs: number;
  /** For one ffmpeg command; commands that write media get `renderMsPerOutputSecond` more per second written. */
  renderTimeoutMs: number;
}

const limits: FfmpegLimits = { probeTimeoutMs: 15_000, renderTimeoutMs: 60_000 };
/** Encoding one second of output takes well under this on a slow machine (zoompan at 1080p included). */
const RENDER_MS_PER_OUTPUT_SECOND = 5_000;

export function configureFfmpegLimits(next: FfmpegLimits): void {
  Object.assign(limits, next);
}

/** The time limit of an ffmpeg command that writes `outputSeconds` of media. */
export function renderTimeoutMs(outputSeconds = 0): number {
  return limits.renderTimeoutMs + Math.ceil(Math.max(0, outputSeconds) * RENDER_MS_PER_OUTPUT_SECOND);
}

interface ProbeOutput {
  streams?: Array<{ codec_type?: string; codec_name?: string; width?: number; height?: number }>;
  format?: { duration?: string };
}

/** Duration, dimensions and streams of an audio or video file on disk; ffprobe is killed after `timeoutMs`. */
export function probe(path: string, timeoutMs = limits.probeTimeoutMs): Promise<MediaProbe> {
  return new Promise((resolve, reject) => {
    const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '--', path];
    execFile(ffprobePath, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        if (error.killed) return reject(new Error(`ffprobe did not finish within ${formatSeconds(timeoutMs)} and was stopped`));
        return reject(new Error(`ffprobe could not read the file: ${String(stderr).trim().split('\n').at(-1)?.slice(0, 300) || error.message}`));
      }
      let data: ProbeOutput;
      try {
        data = JSON.parse(stdout) as ProbeOutput;
      } catch {
        return reject(new Error('ffprobe answered something that is not JSON'));
      }
      const streams = data.streams ?? [];
      const video = streams.find((stream) => stream.codec_type === 'video');
      const audio = streams.find((stream) => stream.codec_type === 'audio');
      const duration = Number(data.format?.duration);
      resolve({
        durationSeconds: Number.isFinite(duration) ? duration : null,
        width: video?.width ?? null,
        height: video?.height ?? null,
        hasVideo: Boolean(video),
        hasAudio: Boolean(audio),
        videoCodec: video?.codec_name ?? null,
        audioCodec: audio?.codec_name ?? null,
      });
    });
  });
}

/**
 * Runs a fluent-ffmpeg command to completion, killing it (SIGKILL: a process blocked on its input
 * ignores gentler signals) after `timeoutMs`. Callers remove their temporary files in `finally`.
 */
export function runFfmpeg(command: ffmpeg.FfmpegCommand, timeoutMs = renderTimeoutMs()): Promise<void> {
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // Before the process exists (fluent-ffmpeg spawns asynchronously) `kill` does nothing: 'start' kills it then.
      command.kill('SIGKILL');
    }, timeoutMs);
    command
      .once('start', () => timedOut && command.kill('SIGKILL'))
      .once('end', () => {
        clearTimeout(timer);
        resolve();
      })
      .once('error', (error: Error) => {
        clearTimeout(timer);
        reject(timedOut ? new Error(`ffmpeg did not finish within ${formatSeconds(timeoutMs)} and was stopped`) : error);
      })
      .run();
  });
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** `probe` for bytes in memory (written to a temporary file, removed after). */
export async function probeBytes(data: Buffer): Promise<MediaProbe> {
  const directory = await mkdtemp(join(tmpdir(), 'webox-probe-'));
  try {
    await writeFile(join(directory, 'input'), data);
    return await probe(join(directory, 'input'));
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
