import { Injectable } from '@angular/core';

/** Why a recording could not start: the user (or the browser's settings) refused the microphone, there is none, or the browser cannot record. */
export type RecorderFailure = 'permissionDenied' | 'noMicrophone' | 'unsupported';

export class RecorderError extends Error {
  constructor(readonly reason: RecorderFailure) {
    super(reason);
  }
}

/** The containers to ask MediaRecorder for, best first: what speech to text takes (WebM/Opus on Chrome and Firefox, MP4 on Safari). */
const TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/mp4'];

/**
 * The microphone, through MediaRecorder: `start` asks for it (the browser's permission prompt),
 * `stop` hands back the whole recording and releases the microphone. One recording at a time.
 */
@Injectable({ providedIn: 'root' })
export class AudioRecorder {
  private recorder: MediaRecorder | null = null;
  private chunks: Blob[] = [];

  /** The browser can record sound (a secure page with getUserMedia and MediaRecorder). */
  get supported(): boolean {
    return typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia && typeof MediaRecorder !== 'undefined';
  }

  get recording(): boolean {
    return this.recorder?.state === 'recording';
  }

  async start(): Promise<void> {
    if (!this.supported) throw new RecorderError('unsupported');
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      const name = (error as { name?: string })?.name;
      throw new RecorderError(name === 'NotFoundError' || name === 'OverconstrainedError' ? 'noMicrophone' : name === 'NotAllowedError' || name === 'SecurityError' ? 'permissionDenied' : 'unsupported');
    }
    const mimeType = TYPES.find((type) => MediaRecorder.isTypeSupported?.(type));
    this.chunks = [];
    this.recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    this.recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size > 0) this.chunks.push(event.data);
    });
    this.recorder.start();
  }

  /** Ends the recording: its bytes, in the container the browser made. */
  stop(): Promise<Blob> {
    const recorder = this.recorder;
    if (!recorder) return Promise.resolve(new Blob([]));
    return new Promise((resolve) => {
      recorder.addEventListener(
        'stop',
        () => {
          resolve(new Blob(this.chunks, { type: recorder.mimeType || 'audio/webm' }));
          this.release(recorder);
        },
        { once: true },
      );
      recorder.stop();
    });
  }

  /** Drops a recording in progress (the page went away). */
  cancel(): void {
    const recorder = this.recorder;
    if (!recorder) return;
    if (recorder.state !== 'inactive') recorder.stop();
    this.release(recorder);
  }

  private release(recorder: MediaRecorder): void {
    for (const track of recorder.stream.getTracks()) track.stop();
    if (this.recorder === recorder) this.recorder = null;
    this.chunks = [];
  }
}
